package org.gapscope.app;

import org.gapscope.app.window.MainWindow;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The JavaFX application: asks the composition root for its services and shows the main window. */
public final class GapScopeApplication extends Application {

    private CompositionRoot root;

    @Override
    public void init() {
        root = CompositionRoot.forDesktop();
    }

    @Override
    public void start(Stage stage) {
        // the example set and the default model load on the workers while the window is built
        root.mainViewModel().openDefaults();
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
