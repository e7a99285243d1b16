package org.gapscope.app.run;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gapscope.dataset.Example;
import org.gapscope.engine.ExampleRun;

/**
 * Results of the examples looked at lately, per source (a model's engine, or a run folder opened
 * from its stored captures), so that stepping back and forth does not run the model or read the
 * captures again; bounded by the bytes of hidden states held (least recently used go first).
 * UI thread only.
 */
public final class ResultCache {

    private record Key(Object source, Example example) {
    }

    private final long budgetBytes;
    private final LinkedHashMap<Key, ExampleRun> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /** A cache holding at most {@code budgetBytes} of hidden states (at least the latest result). */
    public ResultCache(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** The result of {@code example} (as it is now) from {@code model} (an engine or a stored run), or null. */
    public ExampleRun get(Object model, Example example) {
        return entries.get(new Key(model, example));
    }

    /** Remembers a result, dropping the least recently used ones beyond the budget. */
    public void put(Object model, ExampleRun result) {
        ExampleRun old = entries.put(new Key(model, result.example()), result);
        if (old != null) {
            bytes -= old.bytes();
        }
        bytes += result.bytes();
        Iterator<Map.Entry<Key, ExampleRun>> it = entries.entrySet().iterator();
        while (bytes > budgetBytes && entries.size() > 1 && it.hasNext()) {
            Map.Entry<Key, ExampleRun> eldest = it.next();
            if (eldest.getValue() == result) {
                continue;
            }
            bytes -= eldest.getValue().bytes();
            it.remove();
        }
    }

    /** Forgets every result of {@code model} (when it is replaced or closed). */
    public void forget(Object model) {
        entries.entrySet().removeIf(e -> {
            if (e.getKey().source() == model) {
                bytes -= e.getValue().bytes();
                return true;
            }
            return false;
        });
    }

    /** Number of results held. */
    public int size() {
        return entries.size();
    }
}
