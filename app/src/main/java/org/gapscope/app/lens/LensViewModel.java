package org.gapscope.app.lens;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.gapscope.analysis.LayerRange;
import org.gapscope.app.export.FigureSource;
import org.gapscope.app.session.SessionPart;
import org.gapscope.app.task.TaskHandle;
import org.gapscope.app.task.Tasks;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.engine.ExampleLens;
import org.gapscope.engine.ExampleRun;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.figure.LensData;
import org.gapscope.figure.LensRenderer;
import org.gapscope.lenses.LensAgreement;
import org.gapscope.lenses.LensReadout;
import org.gapscope.lenses.LensSources;
import org.gapscope.lenses.TokenPairing;
import org.gapscope.lenses.TopTokens;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;
import javafx.collections.SetChangeListener;

/**
 * The logit-lens view's state (nostalgebraist 2020; AudioLens, Yang et al. 2025): for the shown
 * example, the top-k lens tokens of every speech position and text token at the chosen layers, and
 * lens agreement per layer. Only the chosen layers are read, only while the view is shown, in the
 * background; layers already read for this example and k are kept, so adding a layer reads that one.
 */
public final class LensViewModel implements FigureSource {

    /** A model with at most this many hidden states gets all of them by default; a larger one five. */
    static final int ALL_LAYERS_UP_TO = 13;

    /** One layer's read-out of both queries and its agreement. */
    private record LayerRead(TopTokens speech, TopTokens text, double agreement, int[] speechTop1, int[] textTop1) {
    }

    private final Tasks tasks;
    private final ReadOnlyObjectProperty<ExampleEngine> model;
    private final BooleanProperty active = new SimpleBooleanProperty(false);
    private final IntegerProperty top = new SimpleIntegerProperty(5);
    private final ObservableSet<Integer> layers = FXCollections.observableSet(new TreeSet<>());
    private final ReadOnlyIntegerWrapper hiddenStates = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyObjectWrapper<LensData> data = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final Map<Integer, LayerRead> read = new TreeMap<>();
    private final Map<Integer, String> tokenTexts = new HashMap<>();
    private ExampleRun result;
    private ExampleLens shape;
    private TaskHandle task;
    private List<Integer> restoredLayers;
    private boolean adjusting;

    /** The view model; {@code model} is the open model (null: none), whose LM head the lens reads through. */
    public LensViewModel(Tasks tasks, ReadOnlyObjectProperty<ExampleEngine> model) {
        this.tasks = tasks;
        this.model = model;
        layers.addListener((SetChangeListener<Integer>) c -> {
            if (!adjusting) {
                rebuild();
                computeMissing();
            }
        });
        top.addListener((obs, old, k) -> {
            forget();
            computeMissing();
        });
        active.addListener((obs, old, on) -> computeMissing());
        model.addListener((obs, old, now) -> {
            forget();
            rebuild();
            computeMissing();
        });
    }

    /** Shows the lens of {@code shown} (null: nothing); reads it when the view is shown. */
    public void show(ExampleRun shown) {
        result = shown;
        forget();
        int count = shown == null ? 0 : hiddenStatesOf(shown);
        if (count != hiddenStates.get()) {
            hiddenStates.set(count);
            choose(defaultLayers(count));
        }
        applyRestored();
        computeMissing();
        rebuild();
    }

    /** The hidden states both captures of {@code run} hold. */
    private static int hiddenStatesOf(ExampleRun run) {
        return Math.min(run.speech().capture().layerCount(), run.text().capture().layerCount());
    }

    /** All hidden states of a small model; 0, L/4, L/2, 3L/4 and L of a large one (each layer costs 2 d V per position). */
    static List<Integer> defaultLayers(int hiddenStates) {
        List<Integer> out = new ArrayList<>();
        if (hiddenStates <= ALL_LAYERS_UP_TO) {
            for (int l = 0; l < hiddenStates; l++) {
                out.add(l);
            }
            return out;
        }
        int last = hiddenStates - 1;
        TreeSet<Integer> some = new TreeSet<>(List.of(0, last / 4, last / 2, 3 * last / 4, last));
        out.addAll(some);
        return out;
    }

    private void forget() {
        if (task != null) {
            task.supersede();
            task = null;
        }
        read.clear();
        tokenTexts.clear();
        shape = null;
    }

    private void computeMissing() {
        ExampleRun shown = result;
        if (shown == null) {
            message.set("");
            return;
        }
        ExampleEngine engine = model.get();
        if (engine == null) {
            message.set("Open the model bundle to read the logit lens: it needs the model's LM head (final norm + LM "
                    + "head), which a run folder does not keep.");
            return;
        }
        if (!engine.modelName().equals(shown.model())) {
            message.set("This result is from " + shown.model() + ", the open model is " + engine.modelName()
                    + ": open " + shown.model() + " to read its logit lens.");
            return;
        }
        if (!engine.hasLens()) {
            message.set(engine.modelName() + " has no LM head to read the logit lens through.");
            return;
        }
        int[] missing = layers.stream().filter(l -> !read.containsKey(l) && l < hiddenStatesOf(shown))
                .mapToInt(Integer::intValue).toArray();
        if (layers.isEmpty()) {
            message.set("Choose at least one layer to read.");
            return;
        }
        if (missing.length == 0 || !active.get()) {
            message.set("");
            return;
        }
        if (task != null) {
            task.supersede();
        }
        int k = top.get();
        message.set("Reading " + missing.length + (missing.length == 1 ? " layer" : " layers") + "\u2026");
        task = tasks.start("Logit lens of " + shown.example().id() + " at " + missing.length
                + (missing.length == 1 ? " layer" : " layers"), ctx -> engine.lens(shown, missing, k, ctx), lens -> {
                    task = null;
                    if (result != shown || top.get() != k) {
                        return;
                    }
                    keep(lens);
                    rebuild();
                    // layers chosen while this read ran are read next; else say what this read took
                    computeMissing();
                    if (task == null) {
                        message.set(String.format(Locale.ROOT, "Read %d %s in %.2f s (%d-token vocabulary).",
                                lens.layers().length, lens.layers().length == 1 ? "layer" : "layers", lens.seconds(),
                                lens.vocabSize()));
                    }
                }, error -> {
                    task = null;
                    if (result == shown) {
                        message.set("Logit lens failed: " + error.getMessage());
                    }
                }, () -> task = null);
    }

    private void keep(ExampleLens lens) {
        int[] at = lens.layers();
        int[][] s1 = lens.agreement().speechTop1();
        int[][] t1 = lens.agreement().textTop1();
        double[] share = lens.agreement().agreement();
        for (int i = 0; i < at.length; i++) {
            read.put(at[i], new LayerRead(lens.speech().perLayer().get(i), lens.text().perLayer().get(i), share[i], s1[i],
                    t1[i]));
        }
        tokenTexts.putAll(lens.tokenTexts());
        shape = lens;
    }

    private void rebuild() {
        ExampleLens s = shape;
        int[] shown = layers.stream().filter(read::containsKey).mapToInt(Integer::intValue).toArray();
        if (result == null || s == null || shown.length == 0) {
            data.set(null);
            summary.set("");
            return;
        }
        List<TopTokens> speech = new ArrayList<>();
        List<TopTokens> text = new ArrayList<>();
        double[] share = new double[shown.length];
        int[][] s1 = new int[shown.length][];
        int[][] t1 = new int[shown.length][];
        for (int i = 0; i < shown.length; i++) {
            LayerRead r = read.get(shown[i]);
            speech.add(r.speech());
            text.add(r.text());
            share[i] = r.agreement();
            s1[i] = r.speechTop1();
            t1[i] = r.textTop1();
        }
        int k = s.speech().k();
        LensReadout speechReadout = new LensReadout("speech", s.speech().positions(), shown, k, speech);
        LensReadout textReadout = new LensReadout("text", s.text().positions(), shown, k, text);
        TokenPairing pairing = s.agreement().pairing();
        LensAgreement agreement = new LensAgreement(pairing, shown, share, s1, t1);
        LayerRange averaged = s.averaged();
        data.set(LensData.of(result.model() + " \u00b7 " + result.example().id(), speechReadout, s.times(), textReadout,
                agreement, averaged, this::token));
        double mean = agreement.mean(averaged);
        StringBuilder b = new StringBuilder("Lens agreement per layer:");
        for (int i = 0; i < shown.length; i++) {
            b.append(String.format(Locale.ROOT, " %d: %.2f", shown[i], share[i]));
        }
        b.append(Double.isNaN(mean) ? "" : String.format(Locale.ROOT, "; mean over the shown layers in %s: %.3f",
                averaged, mean));
        b.append(". Pairing: ").append(pairing.method() == TokenPairing.Method.REFERENCE_WORDS
                ? "by the example's reference word timings" : "proportional (" + (pairing.note().isEmpty()
                        ? "the example has no word timings" : pairing.note()) + ")").append('.');
        summary.set(b.toString());
    }

    private String token(int id) {
        String t = tokenTexts.get(id);
        return t == null ? "#" + id : t;
    }

    /**
     * What the pointer is on: the position (time or token) and layer, the top-k tokens with their
     * probabilities, and for a text token the top-1 of its paired speech.
     */
    public String describe(LensRenderer.Cell cell) {
        LensData d = data.get();
        if (cell == null || d == null) {
            return "";
        }
        LensData.Side side = d.side(cell.side());
        int l = cell.layerIndex();
        int i = cell.position();
        StringBuilder b = new StringBuilder();
        b.append(cell.side().equals("speech") ? "speech position " + i + " (" + side.labels().get(i) + ")"
                : "text token " + i + " \u201c" + side.labels().get(i) + "\u201d");
        b.append(", layer ").append(d.layers()[l]).append(": ");
        for (int r = 0; r < side.k(l, i); r++) {
            b.append(r == 0 ? "" : " \u00b7 ").append(visible(side.token(l, i, r)))
                    .append(String.format(Locale.ROOT, " %.3f", side.probability(l, i, r)));
        }
        LayerRead at = read.get(d.layers()[l]);
        if (cell.side().equals("text") && at != null) {
            String paired = token(at.speechTop1()[i]);
            b.append("; its paired speech reads ").append(visible(paired))
                    .append(at.speechTop1()[i] == at.textTop1()[i] ? " (agrees)" : " (differs)");
        }
        return b.toString();
    }

    private static String visible(String token) {
        return "\u201c" + token.replace("\n", "\\n") + "\u201d";
    }

    @Override
    public FigureRenderer figure() {
        LensData d = data.get();
        return d == null ? null : new LensRenderer(d);
    }

    @Override
    public String fileStem() {
        return result == null ? "lens" : "lens-" + result.example().id();
    }

    /** The lens's label with its sources. */
    public String source() {
        return LensSources.LOGIT_LENS;
    }

    /** What is drawn (null: nothing yet). */
    public ReadOnlyObjectProperty<LensData> dataProperty() {
        return data.getReadOnlyProperty();
    }

    /** Whether the view is shown: the lens is read only then. */
    public BooleanProperty activeProperty() {
        return active;
    }

    /** k: how many tokens per cell the hover lists. */
    public IntegerProperty topProperty() {
        return top;
    }

    /** The chosen layers (hidden states 0..L). */
    public ObservableSet<Integer> layers() {
        return layers;
    }

    /** L + 1 of the shown result (0: none), the layers there are to choose from. */
    public ReadOnlyIntegerProperty hiddenStatesProperty() {
        return hiddenStates.getReadOnlyProperty();
    }

    /** Progress notes and errors. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Lens agreement per shown layer and its pairing, as text. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** This view's part of a session: k and the chosen layers. */
    public SessionPart<LensSession> sessionPart() {
        return LensSession.part(this);
    }

    /** Chooses {@code saved} layers once a result with enough hidden states is shown. */
    void restoreLayers(List<Integer> saved) {
        restoredLayers = saved;
        applyRestored();
    }

    private void applyRestored() {
        if (restoredLayers == null || hiddenStates.get() == 0) {
            return;
        }
        List<Integer> valid = restoredLayers.stream().filter(l -> l != null && l >= 0 && l < hiddenStates.get()).toList();
        restoredLayers = null;
        if (!valid.isEmpty()) {
            choose(valid);
        }
    }

    /** Chooses exactly {@code chosen}, as one change (one read of what is missing). */
    public void choose(List<Integer> chosen) {
        adjusting = true;
        try {
            layers.retainAll(chosen);
            layers.addAll(chosen);
        } finally {
            adjusting = false;
        }
        rebuild();
        computeMissing();
    }
}
