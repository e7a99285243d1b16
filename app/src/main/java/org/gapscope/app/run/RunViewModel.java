package org.gapscope.app.run;

import java.util.Optional;
import java.util.function.Consumer;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.Score;
import org.gapscope.app.audio.ClipCache;
import org.gapscope.app.examples.ExampleRow;
import org.gapscope.app.session.SessionPart;
import org.gapscope.app.task.TaskHandle;
import org.gapscope.app.task.Tasks;
import org.gapscope.audio.AudioClip;
import org.gapscope.dataset.Example;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.engine.ExampleRun;
import org.gapscope.engine.StoredRun;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ChangeListener;

/**
 * The selected example's result on the loaded model: asks the engine to run it in the background
 * whenever the example, its transcript, the model or the analysis settings change (a newer request
 * supersedes an older one), keeps recent results, and writes the marks (correct or not, APS) into the
 * example list. An example of an opened run folder is not run: it is analysed from the run's stored
 * captures ({@link StoredRun#load}), in the background too, so the analysis views need no model.
 */
public final class RunViewModel {

    private final Tasks tasks;
    private final ClipCache clips;
    private final ReadOnlyObjectProperty<ExampleEngine> model;
    private final ReadOnlyObjectProperty<StoredRun> stored;
    private final Consumer<String> status;
    private final ResultCache cache = new ResultCache(512L << 20);
    private final ReadOnlyObjectWrapper<ExampleRun> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Open a model bundle to analyse the examples.");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ObjectProperty<AnalysisSettings> settings = new SimpleObjectProperty<>(AnalysisSettings.defaults());
    private final ChangeListener<Example> exampleEdited = (obs, old, now) -> refresh();
    private ExampleRow row;
    private TaskHandle task;
    private long request;

    /**
     * Creates the view model following the engine of the loaded model, {@code model}, and the run folder
     * opened, {@code stored} (null: none), whose examples are shown from their captures.
     */
    public RunViewModel(Tasks tasks, ClipCache clips, ReadOnlyObjectProperty<ExampleEngine> model,
            ReadOnlyObjectProperty<StoredRun> stored, Consumer<String> status) {
        this.tasks = tasks;
        this.clips = clips;
        this.model = model;
        this.stored = stored;
        this.status = status;
        model.addListener((obs, old, now) -> {
            if (old != null) {
                cache.forget(old);
            }
            refresh();
        });
        stored.addListener((obs, old, now) -> {
            if (old != null) {
                cache.forget(old);
            }
            refresh();
        });
        settings.addListener((obs, old, now) -> {
            if (model.get() != null) {
                cache.forget(model.get());
            }
            if (stored.get() != null) {
                cache.forget(stored.get());
            }
            refresh();
        });
    }

    /** Follows {@code selected}: shows its result, running it when needed. */
    public void show(ExampleRow selected) {
        if (row != null) {
            row.exampleProperty().removeListener(exampleEdited);
        }
        row = selected;
        if (row != null) {
            row.exampleProperty().addListener(exampleEdited);
        }
        refresh();
    }

    /** Runs the shown example again (e.g. after a failure). */
    public void refresh() {
        long id = ++request;
        if (task != null) {
            task.supersede();
            task = null;
        }
        ExampleEngine current = model.get();
        if (row == null) {
            finish(null, "Select an example.");
            return;
        }
        ExampleRow target = row;
        Example example = row.example();
        StoredRun run = stored.get();
        Optional<StoredRun.Entry> entry = run == null ? Optional.empty() : run.entryOf(example);
        if (entry.isPresent()) {
            fromCaptures(id, target, run, entry.get());
            return;
        }
        if (current == null) {
            finish(null, "Open a model bundle (File ▸ Open model…) to analyse " + row.example().id() + ".");
            return;
        }
        ExampleRun cached = cache.get(current, example);
        if (cached != null) {
            mark(target, cached); // a result computed before the row existed (the first example at start-up)
            finish(cached, "");
            return;
        }
        if (example.audioFile().isEmpty()) {
            finish(null, example.id() + " has no audio, so there is no spoken query to compare.");
            return;
        }
        if (example.transcript().isBlank()) {
            finish(null, example.id() + " has no transcript yet: type what is said (above) to compare speech with text.");
            return;
        }
        running.set(true);
        result.set(null);
        message.set("Running " + example.id() + " through " + current.card().name() + " ...");
        AnalysisSettings chosen = settings.get();
        task = tasks.start("Analysing " + example.id(), ctx -> {
            AudioClip clip = clips.get(example.audio()).clip();
            ctx.checkCancelled();
            return current.run(example, clip, chosen, ctx);
        }, done -> {
            if (id != request) {
                return;
            }
            task = null;
            cache.put(current, done);
            mark(target, done);
            finish(done, "");
        }, error -> {
            if (id == request) {
                task = null;
                running.set(false);
                String text = "Could not analyse " + example.id() + ": " + error.getMessage()
                        + " (Examples ▸ Analyse again, F9, after fixing it)";
                message.set(text);
                status.accept(text);
            }
        }, () -> {
            if (id == request) {
                task = null;
                running.set(false);
                message.set("Cancelled. Examples ▸ Analyse again (F9) runs it.");
            }
        });
    }

    /** Shows an example of the opened run, analysed from its stored captures (background, cancellable). */
    private void fromCaptures(long id, ExampleRow target, StoredRun run, StoredRun.Entry entry) {
        Example example = entry.example();
        ExampleRun cached = cache.get(run, example);
        if (cached != null) {
            finish(cached, "");
            return;
        }
        running.set(true);
        result.set(null);
        message.set("Reading the captures of " + example.id() + " from the run " + run.folder().getFileName() + " ...");
        AnalysisSettings chosen = settings.get();
        task = tasks.start("Reading " + example.id() + " from the run", ctx -> run.load(entry, chosen,
                e -> clips.get(e.audio()).clip()), done -> {
                    if (id != request) {
                        return;
                    }
                    task = null;
                    cache.put(run, done);
                    mark(target, done);
                    finish(done, "");
                }, error -> {
                    if (id == request) {
                        task = null;
                        finish(null, "From the run " + run.folder().getFileName() + ": " + error.getMessage());
                    }
                }, () -> {
                    if (id == request) {
                        task = null;
                        finish(null, "Cancelled. Examples ▸ Analyse again (F9) reads it again.");
                    }
                });
    }

    private void finish(ExampleRun shown, String note) {
        running.set(false);
        result.set(shown);
        message.set(note);
    }

    /** Writes a result's marks into its row. */
    public static void mark(ExampleRow row, ExampleRun done) {
        if (!row.example().equals(done.example())) {
            return;
        }
        row.speechCorrectProperty().set(done.speechCorrect());
        row.textCorrectProperty().set(done.textCorrect());
        row.apsProperty().set(done.analysis().score(Score.APS_COSINE));
        row.speechAnswerProperty().set(done.speech().answer());
        row.textAnswerProperty().set(done.text().answer());
    }

    /** Remembers a result computed elsewhere (UI thread). */
    public void remember(ExampleEngine on, ExampleRun done) {
        cache.put(on, done);
    }

    /** The shown example's result (null while none). */
    public ReadOnlyObjectProperty<ExampleRun> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** Why there is no result, or what is running (empty when a result is shown). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Whether the shown example is being run. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The analysis settings (layer 0 in the averages, DTW extension). */
    public ObjectProperty<AnalysisSettings> settingsProperty() {
        return settings;
    }

    /** The engine of the model followed. */
    public ReadOnlyObjectProperty<ExampleEngine> modelProperty() {
        return model;
    }

    /** The analysis settings' part of a session. */
    public SessionPart<AnalysisSession> sessionPart() {
        return AnalysisSession.part(this);
    }

    /** The shown row (null: none). */
    public ExampleRow row() {
        return row;
    }
}
