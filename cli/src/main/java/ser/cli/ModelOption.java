package ser.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model}, shared by every command that runs a model; without it, the model shipped in the repository. */
final class ModelOption {
    @Option(names = "--model", paramLabel = "MODEL_DIR",
            description = "a model directory written by ser train or ser ensemble (default: the shipped models/default)")
    Path given;

    /** The directory to load. */
    Path dir() {
        return given != null ? given : shipped();
    }

    /** {@code models/default} under the installation root the launcher passes as {@code -Dser.home}. */
    static Path shipped() {
        return Path.of(System.getProperty("ser.home", ".")).resolve("models").resolve("default");
    }
}
