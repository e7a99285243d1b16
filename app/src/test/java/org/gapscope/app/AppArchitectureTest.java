package org.gapscope.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import org.junit.jupiter.api.Test;

/** How the explorer is layered (docs/decisions/explorer-layout.md); checked on the main classes. */
class AppArchitectureTest {

    /** The app's main classes (the tests run in the module folder). */
    private static final JavaClasses APP = new ClassFileImporter().importPath(Path.of("target/classes"));

    @Test
    void theAppRunsModelsOnlyThroughCoresEngine() {
        noClasses().that().resideInAPackage("org.gapscope.app..")
                .should().dependOnClassesThat().resideInAnyPackage("org.gapscope.model..", "ai.djl..")
                .because("the explorer asks core's engine (org.gapscope.engine) to run examples; one pipeline")
                .check(APP);
    }
}
