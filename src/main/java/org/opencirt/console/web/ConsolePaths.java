package org.opencirt.console.web;

/** Which request paths are the console's. */
public final class ConsolePaths {

    public static final String ROOT = "/console";

    private ConsolePaths() {}

    public static boolean isConsole(String path) {
        return path != null && (path.equals(ROOT) || path.startsWith(ROOT + "/"));
    }

    /**
     * A path to return to after a form, only when it is a console path of this origin (no open redirect).
     */
    public static String safeReturn(String path) {
        if (path == null
                || !isConsole(path)
                || path.contains("//")
                || path.contains("\\")
                || path.chars().anyMatch(c -> c < 0x20)) {
            return ROOT;
        }
        return path;
    }
}
