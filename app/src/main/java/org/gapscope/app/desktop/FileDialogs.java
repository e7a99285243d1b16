package org.gapscope.app.desktop;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Asks the user for files and folders: the system's choosers, or answers prepared by a test. */
public interface FileDialogs {

    /**
     * A file-type filter.
     *
     * @param description e.g. {@code Example sets (*.jsonl)}
     * @param patterns    e.g. {@code *.jsonl}
     */
    record Filter(String description, List<String> patterns) {
        /** A filter from a description and patterns. */
        public static Filter of(String description, String... patterns) {
            return new Filter(description, List.of(patterns));
        }
    }

    /** A file to open, or empty when the user cancels. */
    Optional<Path> openFile(Window owner, String title, Path initialFolder, List<Filter> filters);

    /** A file to write, or empty when the user cancels. */
    Optional<Path> saveFile(Window owner, String title, String initialName, List<Filter> filters);

    /** A folder, or empty when the user cancels. */
    Optional<Path> openFolder(Window owner, String title, Path initialFolder);

    /** The system's file choosers. */
    static FileDialogs system() {
        return new FileDialogs() {
            @Override
            public Optional<Path> openFile(Window owner, String title, Path initialFolder, List<Filter> filters) {
                FileChooser chooser = chooser(title, filters);
                if (initialFolder != null && Files.isDirectory(initialFolder)) {
                    chooser.setInitialDirectory(initialFolder.toFile());
                }
                return Optional.ofNullable(chooser.showOpenDialog(owner)).map(File::toPath);
            }

            @Override
            public Optional<Path> saveFile(Window owner, String title, String initialName, List<Filter> filters) {
                FileChooser chooser = chooser(title, filters);
                chooser.setInitialFileName(initialName);
                return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath);
            }

            @Override
            public Optional<Path> openFolder(Window owner, String title, Path initialFolder) {
                DirectoryChooser chooser = new DirectoryChooser();
                chooser.setTitle(title);
                if (initialFolder != null && Files.isDirectory(initialFolder)) {
                    chooser.setInitialDirectory(initialFolder.toFile());
                }
                return Optional.ofNullable(chooser.showDialog(owner)).map(File::toPath);
            }

            private FileChooser chooser(String title, List<Filter> filters) {
                FileChooser chooser = new FileChooser();
                chooser.setTitle(title);
                for (Filter f : filters) {
                    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(f.description(), f.patterns()));
                }
                return chooser;
            }
        };
    }
}
