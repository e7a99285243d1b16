package org.gapscope.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.gapscope.GapScopeException;

/**
 * A model bundle folder whose manifest parsed and whose files are all present and are TorchScript
 * archives. Opening it checks everything that can be checked without loading libtorch; loading the
 * parts and probing their shapes is {@link LayeredModel#open(ModelBundle)}'s job.
 */
public final class ModelBundle {

    /** The manifest's file name. */
    public static final String MANIFEST = "bundle.json";

    /** The tokenizer's file name. */
    public static final String TOKENIZER = "tokenizer.json";

    private final Path folder;
    private final BundleManifest manifest;

    private ModelBundle(Path folder, BundleManifest manifest) {
        this.folder = folder;
        this.manifest = manifest;
    }

    /** Opens and validates the bundle in {@code folder}; every problem names the file and what is wrong. */
    public static ModelBundle open(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.exists(dir)) {
            throw new GapScopeException(folder + ": no such model bundle folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new GapScopeException(folder + ": a model bundle is a folder (with bundle.json), not a file");
        }
        BundleManifest manifest = BundleManifest.read(dir.resolve(MANIFEST));
        Path tokenizer = dir.resolve(TOKENIZER);
        if (!Files.isRegularFile(tokenizer)) {
            throw new GapScopeException(tokenizer + ": missing (every bundle needs its tokenizer.json)");
        }
        ModelBundle bundle = new ModelBundle(dir, manifest);
        for (String part : bundle.partFiles()) {
            checkTorchScript(bundle.resolve(part), part);
        }
        return bundle;
    }

    /** The bundle's folder (absolute). */
    public Path folder() {
        return folder;
    }

    /** The validated manifest. */
    public BundleManifest manifest() {
        return manifest;
    }

    /** The tokenizer file. */
    public Path tokenizerPath() {
        return folder.resolve(TOKENIZER);
    }

    /** A part's file, from its path relative to the bundle folder. */
    public Path resolve(String part) {
        return folder.resolve(part).normalize();
    }

    /** All part files in running order: speech encoder, token embedding, layers, LM head. */
    public List<String> partFiles() {
        List<String> out = new ArrayList<>();
        BundleParts p = manifest.parts();
        out.add(p.speechEncoder());
        out.add(p.embedTokens());
        out.addAll(p.layers());
        out.add(p.lmHead());
        return out;
    }

    /** Checks that {@code file} exists and is a TorchScript archive (a zip with data.pkl and constants.pkl). */
    static void checkTorchScript(Path file, String part) {
        if (!Files.exists(file)) {
            throw new GapScopeException(file + ": missing (part " + part + " listed in bundle.json)");
        }
        if (!Files.isRegularFile(file)) {
            throw new GapScopeException(file + ": part " + part + " is not a file");
        }
        boolean data = false;
        boolean constants = false;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                data |= name.equals("data.pkl") || name.endsWith("/data.pkl");
                constants |= name.equals("constants.pkl") || name.endsWith("/constants.pkl");
            }
        } catch (ZipException e) {
            throw new GapScopeException(file + ": part " + part + " is not a TorchScript archive (not a zip file)", e);
        } catch (IOException e) {
            throw new GapScopeException(file + ": cannot read part " + part + ": " + e.getMessage(), e);
        }
        if (!data || !constants) {
            throw new GapScopeException(file + ": part " + part
                    + " is not a TorchScript archive (a zip without data.pkl/constants.pkl; save it with torch.jit.save)");
        }
    }

    @Override
    public String toString() {
        return "ModelBundle[" + manifest.name() + " at " + folder + "]";
    }
}
