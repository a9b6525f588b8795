package dev.etcdj.api.spi;

/** Argument checks shared by the {@link AdminCall} records. */
final class AdminCalls {
    private AdminCalls() {
    }

    static void checkName(String name, String what) {
        if (name == null || name.isEmpty() || name.contains("/") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("invalid " + what + " name \"" + name + "\": not empty, no '/', no control "
                    + "characters");
        }
    }
}
