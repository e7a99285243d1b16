package org.gapscope.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Runs the app image that {@code mvn package} just built (target/image/gapscope-explorer) the way a
 * user would: its CLI launcher, its Java runtime with its own class path, its bundled files.
 */
class AppImageIT {

    private static final Path IMAGE = Path.of(required("gapscope.image"));
    private static final Path APP = IMAGE.resolve("lib/app");
    private static final Path CLI = IMAGE.resolve("bin").resolve(required("gapscope.image.cli"));
    private static final Path WORK = Path.of(required("gapscope.testWork"));

    @BeforeAll
    static void imageExists() throws IOException {
        assertTrue(Files.isExecutable(CLI), "no CLI launcher at " + CLI + ": run mvn package first");
        Files.createDirectories(WORK);
    }

    @Test
    void cliLauncherPrintsTheVersion() {
        Result result = run(List.of(CLI.toString(), "--version"), Map.of());
        assertEquals(0, result.status, result.toString());
        assertEquals("GapScope " + required("gapscope.version"), result.out.strip(), result.toString());
    }

    @Test
    void cliLauncherPrintsItsUsage() {
        Result result = run(List.of(CLI.toString(), "--help"), Map.of());
        assertEquals(0, result.status, result.toString());
        assertTrue(result.out.startsWith("Usage: gapscope"), result.toString());
    }

    @Test
    void cliLauncherReportsAnUnknownCommandInOneLine() {
        Result result = run(List.of(CLI.toString(), "no-such-command"), Map.of());
        assertEquals(2, result.status, result.toString());
        assertTrue(result.err.startsWith("gapscope: "), result.toString());
        assertFalse(result.err.contains("\tat "), "no stack trace: " + result);
    }

    @Test
    void launchersRunOfflineAndPointAtTheBundledResources() throws IOException {
        String explorer = Files.readString(APP.resolve(IMAGE.getFileName() + ".cfg"));
        String cli = Files.readString(APP.resolve(CLI.getFileName() + ".cfg"));
        for (String cfg : List.of(explorer, cli)) {
            assertTrue(cfg.contains("java-options=-Dai.djl.offline=true\n"), cfg);
            assertTrue(cfg.contains("java-options=-Dai.djl.pytorch.graph_optimizer=false\n"), cfg);
            assertTrue(cfg.contains("java-options=-Dgapscope.home=$APPDIR\n"), cfg);
        }
        assertTrue(explorer.contains("app.mainclass=org.gapscope.app.Launcher\n"), explorer);
        assertFalse(explorer.contains("headless"), "the explorer needs a display: " + explorer);
        assertTrue(cli.contains("app.mainclass=org.gapscope.cli.GapScopeCli\n"), cli);
        assertTrue(cli.contains("java-options=-Djava.awt.headless=true\n"), cli);
    }

    @Test
    void imageCarriesTheRepositoryResourcesAndTheChosenLibtorch() throws IOException {
        Path resources = Path.of(required("gapscope.resources"));
        List<Path> shipped;
        try (Stream<Path> files = Files.walk(resources)) {
            shipped = files.filter(Files::isRegularFile)
                    .map(resources::relativize)
                    .filter(p -> !p.toString().equals("pom.xml") && !p.startsWith("target"))
                    .collect(Collectors.toList());
        }
        for (Path file : shipped) {
            Path copy = APP.resolve("resources").resolve(file);
            assertTrue(Files.isRegularFile(copy), "resources/" + file + " is not in the image at " + copy);
            assertEquals(Files.size(resources.resolve(file)), Files.size(copy), "size of " + copy);
        }

        Set<String> libtorch = jarNames().stream().filter(n -> n.startsWith("pytorch-native-"))
                .map(n -> n.substring("pytorch-native-".length(), n.indexOf('-', "pytorch-native-".length())))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(libtorchFlavors()), libtorch, "libtorch flavours in " + APP);
        assertTrue(Files.isRegularFile(APP.resolve(required("gapscope.image.mainJar"))), "main jar");
        assertTrue(Files.isRegularFile(APP.resolve("LICENSE")), "licence");
        assertTrue(Files.size(IMAGE.resolve("lib").resolve(IMAGE.getFileName() + ".png")) > 1000, "icon");
    }

    @Test
    void packagedRuntimeLoadsTheNativeStacksOfflineIntoTheGivenDjlCache() throws IOException {
        Path cache = WORK.resolve("djl-cache");
        Path scratch = Files.createDirectories(WORK.resolve("probe"));
        List<String> command = new ArrayList<>(List.of(
                IMAGE.resolve("lib/runtime/bin/java").toString(),
                "-Dai.djl.offline=true", "-Djava.awt.headless=true",
                "-cp", launcherClassPath() + ":" + Path.of(required("gapscope.testClasses")),
                PackagedRuntimeProbe.class.getName(), scratch.toString()));
        Map<String, String> env = new HashMap<>();
        env.put("DJL_CACHE_DIR", cache.toString());
        env.put("OMP_NUM_THREADS", "1");
        Result result = run(command, env);
        assertEquals(0, result.status, result.toString());
        Map<String, String> got = keyValues(result.out);

        assertEquals(IMAGE.resolve("lib/runtime").toString(), got.get("java.home"), result.toString());
        assertEquals("true", got.get("ai.djl.offline"));
        assertEquals(cache.toString(), got.get("djl.cache"));
        assertEquals(cache.toString(), got.get("djl.engineCache"));
        assertEquals("19,22,43,50", got.get("torch.matmul"), result.toString());
        assertTrue(got.get("torch.version").startsWith("2.5.1"), "libtorch " + got.get("torch.version"));
        assertEquals("2,1,3,0", got.get("tokenizers.ids"), result.toString());
        assertEquals("58,64,139,154", got.get("nd4j.mmul"), result.toString());
        try (Stream<Path> extracted = Files.list(cache.resolve("pytorch"))) {
            // the CUDA build extracts its CUDA libtorch on a machine with a suitable driver, else the CPU one
            assertTrue(extracted.anyMatch(p -> libtorchFlavors().stream()
                            .anyMatch(flavor -> p.getFileName().toString().contains("-" + flavor + "-"))),
                    "libtorch was extracted into the DJL cache " + cache);
        }
        deleteTree(cache); // 425 MB of unpacked libtorch (several GB for CUDA), checked and no longer needed
    }

    @Test
    void runtimeHoldsEveryModuleTheJarsNeed() throws IOException {
        // a modular jar names the JDK modules it needs in its descriptor (non-static requires); the
        // plain jars are read by jdeps (which refuses to read nd4j-api's inconsistent descriptor,
        // hence descriptors are read here and not by jdeps)
        Set<String> needed = new TreeSet<>();
        List<String> plainJars = new ArrayList<>();
        for (String name : jarNames()) {
            Path jar = APP.resolve(name);
            ModuleDescriptor descriptor = moduleDescriptor(jar);
            if (descriptor == null) {
                plainJars.add(jar.toString());
                continue;
            }
            for (ModuleDescriptor.Requires requires : descriptor.requires()) {
                if (!requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)
                        && ModuleFinder.ofSystem().find(requires.name()).isPresent()) {
                    needed.add(requires.name());
                }
            }
        }
        List<String> args = new ArrayList<>(List.of("--multi-release", "17", "--ignore-missing-deps",
                "--print-module-deps", "-q"));
        args.addAll(plainJars);
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        assertEquals(0, status, "jdeps: " + out + err);
        List<String> lines = out.toString().strip().lines().collect(Collectors.toList());
        needed.addAll(Arrays.asList(lines.get(lines.size() - 1).split(",")));

        Set<String> linked = new TreeSet<>(Arrays.asList(
                Files.readString(IMAGE.resolve("lib/runtime/release")).lines()
                        .filter(l -> l.startsWith("MODULES="))
                        .findFirst().orElseThrow()
                        .replaceAll("^MODULES=\"|\"$", "").split(" ")));
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(linked);
        assertTrue(missing.isEmpty(), "the jars need " + missing
                + ": add them to installer.modules in installer/pom.xml (the runtime has " + linked + ")");
    }

    @Test
    void cliLauncherComputesMetricsOnASmallDump() throws IOException {
        // three layers (0 = embeddings), 8 speech positions, 4 text tokens, d = 16; each text token is a
        // copy of one speech position, so the aligned position of token j is PATH[j] on every layer and
        // under both metrics, APS is 1 (cosine) and 0 (distance), monotonicity and consistency are 1
        int layers = 3;
        int speechLength = 8;
        int textLength = 4;
        int hidden = 16;
        int[] path = {1, 3, 4, 6};
        Random random = new Random(20251012L);
        float[] speech = new float[layers * speechLength * hidden];
        float[] text = new float[layers * textLength * hidden];
        for (int i = 0; i < speech.length; i++) {
            speech[i] = (float) random.nextGaussian();
        }
        for (int l = 0; l < layers; l++) {
            for (int j = 0; j < textLength; j++) {
                System.arraycopy(speech, (l * speechLength + path[j]) * hidden, text, (l * textLength + j) * hidden, hidden);
            }
        }
        Path dump = Files.createDirectories(WORK.resolve("metrics"));
        Path speechFile = dump.resolve("speech.npy");
        Path textFile = dump.resolve("text.npy");
        Path json = dump.resolve("metrics.json");
        Files.deleteIfExists(json);
        Npy.write(speechFile, NpyArray.ofFloats(speech, layers, speechLength, hidden));
        Npy.write(textFile, NpyArray.ofFloats(text, layers, textLength, hidden));

        Result result = run(List.of(CLI.toString(), "metrics", "--speech", speechFile.toString(),
                "--text", textFile.toString(), "--json", json.toString()), Map.of());
        assertEquals(0, result.status, result.toString());
        JsonObject metrics = JsonParser.parseString(Files.readString(json)).getAsJsonObject();

        assertEquals(1.0, metrics.get("aps_cosine").getAsDouble(), 1e-5);
        assertEquals(0.0, metrics.get("aps_euclidean").getAsDouble(), 1e-5);
        assertEquals(1.0, metrics.get("monotonicity_cosine").getAsDouble(), 1e-9);
        assertEquals(1.0, metrics.get("monotonicity_euclidean").getAsDouble(), 1e-9);
        assertEquals(1.0, metrics.get("consistency").getAsDouble(), 1e-9);
        for (String key : List.of("path_cosine", "path_euclidean")) {
            JsonArray perLayer = metrics.getAsJsonArray(key);
            assertFalse(perLayer.isEmpty(), key);
            for (JsonElement layerPath : perLayer) {
                int[] aligned = new int[textLength];
                for (int j = 0; j < textLength; j++) {
                    aligned[j] = layerPath.getAsJsonArray().get(j).getAsInt();
                }
                assertEquals(Arrays.toString(path), Arrays.toString(aligned), key);
            }
        }
        JsonArray perLayer = metrics.getAsJsonArray("layers");
        assertFalse(perLayer.isEmpty(), "layers");
        for (JsonElement element : perLayer) {
            JsonObject layer = element.getAsJsonObject();
            int l = layer.get("layer").getAsInt();
            assertEquals(pooledCosine(speech, text, l, speechLength, textLength, hidden),
                    layer.get("cosine").getAsDouble(), 1e-5, "pooled cosine of layer " + l);
        }
    }

    /** cos(mean of the speech rows, mean of the text rows) at layer l, in double precision. */
    private static double pooledCosine(float[] speech, float[] text, int l, int ts, int tt, int d) {
        double[] s = new double[d];
        double[] t = new double[d];
        for (int i = 0; i < ts; i++) {
            for (int k = 0; k < d; k++) {
                s[k] += speech[(l * ts + i) * d + k] / (double) ts;
            }
        }
        for (int j = 0; j < tt; j++) {
            for (int k = 0; k < d; k++) {
                t[k] += text[(l * tt + j) * d + k] / (double) tt;
            }
        }
        double dot = 0;
        double ns = 0;
        double nt = 0;
        for (int k = 0; k < d; k++) {
            dot += s[k] * t[k];
            ns += s[k] * s[k];
            nt += t[k] * t[k];
        }
        return dot / Math.sqrt(ns * nt);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }

    /** The libtorch flavours the build packs: cpu, or cu124 and cpu with -Pcuda. */
    private static List<String> libtorchFlavors() {
        return Arrays.asList(required("gapscope.image.libtorch").split(","));
    }

    /** The jars of the image, by file name. */
    private static List<String> jarNames() throws IOException {
        try (Stream<Path> files = Files.list(APP)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted()
                    .collect(Collectors.toList());
        }
    }

    /** The class path the launchers use, read from the main launcher's configuration. */
    private static String launcherClassPath() throws IOException {
        return Files.readString(APP.resolve(IMAGE.getFileName() + ".cfg")).lines()
                .filter(l -> l.startsWith("app.classpath="))
                .map(l -> l.substring("app.classpath=".length()).replace("$APPDIR", APP.toString()))
                .collect(Collectors.joining(":"));
    }

    /**
     * The module descriptor of a jar (the top-level one, else the newest versioned one up to Java 17),
     * read without checking its package list, or null for a plain jar.
     */
    private static ModuleDescriptor moduleDescriptor(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry("module-info.class");
            for (int version = 17; entry == null && version >= 9; version--) {
                entry = zip.getEntry("META-INF/versions/" + version + "/module-info.class");
            }
            if (entry == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return ModuleDescriptor.read(in);
            }
        }
    }

    private static Map<String, String> keyValues(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        text.lines().filter(l -> l.contains("=")).forEach(l -> {
            int eq = l.indexOf('=');
            values.put(l.substring(0, eq), l.substring(eq + 1));
        });
        return values;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            fail("system property " + property + " is not set: run this test through Maven (installer/pom.xml)");
        }
        return value;
    }

    private static Result run(List<String> command, Map<String, String> env) {
        try {
            Path out = Files.createTempFile(WORK, "out", ".txt");
            Path err = Files.createTempFile(WORK, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("DISPLAY");
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("timed out: " + command);
            }
            Result result = new Result(command, process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What a finished process printed. */
    private static final class Result {
        final List<String> command;
        final int status;
        final String out;
        final String err;

        Result(List<String> command, int status, String out, String err) {
            this.command = command;
            this.status = status;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            String shown = command.stream().map(a -> a.length() > 200 ? a.substring(0, 80) + "..." : a)
                    .collect(Collectors.joining(" "));
            return shown + " -> exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
