package org.gapscope;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/**
 * The core library never depends on the user interface toolkit, and its engine (which runs examples
 * for every front end) sits below the batch commands and the command line that use it.
 */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.gapscope");

    @Test
    void coreNeverImportsJavaFx() {
        noClasses().that().resideInAPackage("org.gapscope..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .because("core must run without a display; only the app module may use JavaFX")
                .check(CORE);
    }

    @Test
    void audioDevicesAreOpenedOnlyAtTheEdge() {
        // the DSP core (pitch, level, silence, time stretching, the recording chain) never touches a device:
        // Java Sound lines, and TarsosDSP's own microphone and speaker, are JavaSoundDevices' alone
        noClasses().that().resideInAPackage("org.gapscope..")
                .and().haveNameNotMatching("org\\.gapscope\\.audio\\.JavaSoundDevices(\\$.*)?")
                .should().dependOnClassesThat().haveFullyQualifiedName("javax.sound.sampled.DataLine")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("javax.sound.sampled.TargetDataLine")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("javax.sound.sampled.SourceDataLine")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("be.tarsos.dsp.io.jvm.AudioPlayer")
                .orShould().callMethod("be.tarsos.dsp.io.jvm.AudioDispatcherFactory", "fromDefaultMicrophone",
                        "int", "int")
                .orShould().callMethod("be.tarsos.dsp.io.jvm.AudioDispatcherFactory", "fromDefaultMicrophone",
                        "int", "int", "int")
                .because("devices sit behind CaptureDevice and PlaybackDevice, so everything else runs without one")
                .check(CORE);
    }

    @Test
    void coreNeverDependsOnTheApp() {
        noClasses().that().resideInAPackage("org.gapscope..")
                .should().dependOnClassesThat().resideInAPackage("org.gapscope.app..")
                .check(CORE);
    }

    @Test
    void theEngineSitsBelowTheBatchCommandsAndTheCommandLine() {
        noClasses().that().resideInAPackage("org.gapscope.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.gapscope.evaluation..", "org.gapscope.cli..")
                .because("evaluate, intervene and the explorer all run examples through the engine, not the other way")
                .check(CORE);
    }
}
