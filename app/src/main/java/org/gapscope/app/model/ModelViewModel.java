package org.gapscope.app.model;

import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.gapscope.app.session.SessionPart;
import org.gapscope.app.task.TaskContext;
import org.gapscope.app.task.Tasks;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.engine.ModelCard;
import org.gapscope.engine.Monitor;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The loaded model, as the engine that runs examples through it, and its card. Opening runs in the
 * background as a cancellable task; a folder that is not a bundle, or a cancel, leaves the model that
 * was loaded in place. The replaced model is closed (its native memory released) once the new one is in.
 */
public final class ModelViewModel {

    private final Tasks tasks;
    private final ModelOpener opener;
    private final Consumer<String> status;
    private final ReadOnlyObjectWrapper<ExampleEngine> engine = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ModelCard> card = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper opening = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("No model loaded.");
    private boolean failed;

    /** Creates the view model. */
    public ModelViewModel(Tasks tasks, ModelOpener opener, Consumer<String> status) {
        this.tasks = tasks;
        this.opener = opener;
        this.status = status;
    }

    /** Opens the bundle in {@code folder} in the background. */
    public void open(Path folder) {
        open(folder, (loaded, ctx) -> null, (loaded, nothing) -> { });
    }

    /**
     * Opens the bundle in {@code folder} in the background and then, still there, runs {@code prepare}
     * on it (e.g. the first example, so that it is ready when the window shows the model; a failure of
     * {@code prepare} leaves its result null and does not stop the model from opening). On the UI
     * thread, {@code prepared} gets the model and that result just before the model is shown.
     */
    public <R> void open(Path folder, BiFunction<ExampleEngine, TaskContext, R> prepare,
            BiConsumer<ExampleEngine, R> prepared) {
        String name = folder.getFileName() == null ? folder.toString() : folder.getFileName().toString();
        opening.set(true);
        failed = false;
        message.set("Opening " + name + " ...");
        tasks.start("Opening model " + name, ctx -> {
            ExampleEngine opened = new ExampleEngine(opener.open(folder, ctx), ExampleEngine.DEFAULT_MAX_TOKENS);
            R extra;
            try {
                // a failure of prepare leaves its result null (the view models run it again); a cancel stops here
                extra = Monitor.orSkip(() -> prepare.apply(opened, ctx), reason -> { });
            } catch (RuntimeException cancelled) {
                opened.close();
                throw cancelled;
            }
            return new Opened<>(opened, extra);
        }, done -> {
            opening.set(false);
            ExampleEngine loaded = done.engine();
            prepared.accept(loaded, done.extra());
            ExampleEngine old = engine.get();
            engine.set(loaded);
            card.set(loaded.card());
            message.set("");
            status.accept("Model " + loaded.card().summary());
            if (old != null) {
                tasks.executor().submit(() -> {
                    old.close();
                    return Boolean.TRUE;
                }, ok -> { }, e -> { });
            }
        }, error -> {
            opening.set(false);
            String kept = engine.get() == null ? "No model loaded." : "Still using " + engine.get().card().name() + ".";
            message.set("Could not open the model: " + error.getMessage() + " " + kept);
            failed = true;
            status.accept("Could not open the model: " + error.getMessage() + " " + kept);
        }, () -> {
            opening.set(false);
            message.set(engine.get() == null ? "No model loaded." : "");
        });
    }

    /**
     * Takes the note of a failed open off the card once the model kept has done something since (an
     * example analysed): the failure is old news then. Other notes (opening ...) stay.
     */
    public void keptModelWorked() {
        if (failed && !opening.get()) {
            failed = false;
            message.set("");
        }
    }

    /** An opened model with what was prepared on it; closing it (a cancelled open) closes the model. */
    private record Opened<R>(ExampleEngine engine, R extra) implements AutoCloseable {
        @Override
        public void close() {
            engine.close();
        }
    }

    /** The engine over the loaded model (null: none). */
    public ReadOnlyObjectProperty<ExampleEngine> engineProperty() {
        return engine.getReadOnlyProperty();
    }

    /** The loaded model's card (null: none). */
    public ReadOnlyObjectProperty<ModelCard> cardProperty() {
        return card.getReadOnlyProperty();
    }

    /** Whether a model is being opened. */
    public ReadOnlyBooleanProperty openingProperty() {
        return opening.getReadOnlyProperty();
    }

    /** A note for the card: opening, errors (empty when a model is loaded and all is well). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** This view's part of a session: the bundle folder. */
    public SessionPart<ModelSession> sessionPart() {
        return ModelSession.part(this);
    }

    /** Closes the loaded model (on exit). */
    public void close() {
        ExampleEngine current = engine.get();
        engine.set(null);
        card.set(null);
        if (current != null) {
            current.close();
        }
    }
}
