package org.gapscope;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The program's version, read from the build's filtered {@code version.properties}. */
public final class GapScopeVersion {

    private GapScopeVersion() {
    }

    /** Returns the version string, e.g. {@code 0.1.0}, or {@code unknown} outside a Maven build. */
    public static String get() {
        Properties properties = new Properties();
        try (InputStream in = GapScopeVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            properties.load(in);
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
