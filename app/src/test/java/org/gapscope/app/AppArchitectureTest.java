package org.gapscope.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

/**
 * How the explorer is layered (docs/decisions/explorer-layout.md), from the bottom up: core (the
 * engine) · the toolbox ({@code task}, {@code desktop}, {@code session}) · the features (one package
 * per region of the window) · the window composer ({@code window}) · the composition root
 * ({@code org.gapscope.app}). No import runs back up; checked on the main classes.
 */
class AppArchitectureTest {

    /** The app's main classes (the tests run in the module folder). */
    private static final JavaClasses APP = new ClassFileImporter().importPath(Path.of("target/classes"));

    private static final String ROOT = "org.gapscope.app";
    private static final String[] TOOLBOX = {"org.gapscope.app.task..", "org.gapscope.app.desktop..",
        "org.gapscope.app.session.."};
    private static final String[] FEATURES = {"org.gapscope.app.examples..", "org.gapscope.app.audio..",
        "org.gapscope.app.model..", "org.gapscope.app.run..", "org.gapscope.app.alignment..",
        "org.gapscope.app.curves..", "org.gapscope.app.cka..", "org.gapscope.app.interventions..", "org.gapscope.app.dataset..",
        "org.gapscope.app.runs..", "org.gapscope.app.lens..",
        "org.gapscope.app.export.."};
    private static final String WINDOW = "org.gapscope.app.window..";

    @Test
    void everyPackageHasItsPlaceInTheLayering() {
        String[] all = Stream.of(new String[] {ROOT, WINDOW}, TOOLBOX, FEATURES).flatMap(Stream::of)
                .toArray(String[]::new);
        classes().should().resideInAnyPackage(all)
                .because("a new package is a toolbox, a feature or part of the composer; add it to this test's lists")
                .check(APP);
    }

    @Test
    void theAppRunsModelsOnlyThroughCoresEngine() {
        noClasses().that().resideInAPackage("org.gapscope.app..")
                .should().dependOnClassesThat().resideInAnyPackage("org.gapscope.model..", "ai.djl..")
                .because("the explorer asks core's engine (org.gapscope.engine) to run examples; one pipeline")
                .check(APP);
    }

    @Test
    void theToolboxKnowsNoFeatureNorTheWindow() {
        noClasses().that().resideInAnyPackage(TOOLBOX)
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
                .orShould().dependOnClassesThat().resideInAnyPackage(WINDOW, ROOT)
                .because("tasks, dialogs, locations and sessions sit below the features that use them")
                .check(APP);
    }

    @Test
    void noFeatureImportsTheComposer() {
        noClasses().that().resideInAnyPackage(FEATURES)
                .should().dependOnClassesThat().resideInAnyPackage(WINDOW, ROOT)
                .because("the window is composed of the features; wiring happens in the composition root")
                .check(APP);
    }

    @Test
    void theWindowDoesNotReachForTheCompositionRoot() {
        noClasses().that().resideInAPackage(WINDOW)
                .should().dependOnClassesThat().resideInAPackage(ROOT)
                .check(APP);
    }

    @Test
    void thePackagesDependOnEachOtherWithoutCycles() {
        slices().matching("org.gapscope.app.(*)..").should().beFreeOfCycles().check(APP);
    }
}
