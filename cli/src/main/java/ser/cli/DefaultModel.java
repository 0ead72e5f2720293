package ser.cli;

import java.nio.file.Path;

/** The model shipped in the repository, used when a command is given no --model. */
final class DefaultModel {
    private DefaultModel() {
    }

    /** {@code models/default} under the installation root the launcher passes as {@code -Dser.home}. */
    static Path path() {
        return Path.of(System.getProperty("ser.home", ".")).resolve("models").resolve("default");
    }
}
