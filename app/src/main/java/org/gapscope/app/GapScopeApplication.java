package org.gapscope.app;

import java.nio.file.Path;
import java.util.List;

import org.gapscope.app.window.MainWindow;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The JavaFX application: asks the composition root for its services and shows the main window, with
 * the sample set and the default model, or with the run folder given as {@code --run RUN_DIR}.
 */
public final class GapScopeApplication extends Application {

    private CompositionRoot root;

    @Override
    public void init() {
        root = CompositionRoot.forDesktop();
    }

    @Override
    public void start(Stage stage) {
        // the example set and the default model (or the run folder asked for) load on the workers while
        // the window is built
        List<String> raw = getParameters().getRaw();
        int run = raw.indexOf(WindowArguments.RUN);
        if (run >= 0 && run + 1 < raw.size()) {
            root.mainViewModel().openRun(Path.of(raw.get(run + 1)));
        } else {
            root.mainViewModel().openDefaults();
        }
        MainWindow window = new MainWindow(root.mainViewModel());
        Scene scene = new Scene(window, 1280, 800);
        stage.setTitle("GapScope " + root.version());
        stage.setScene(scene);
        stage.show();
    }

    @Override
    public void stop() {
        root.close();
    }
}
