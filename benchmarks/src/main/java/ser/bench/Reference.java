package ser.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The tools users would otherwise pick, run as separate processes: Debian's {@code ffmpeg} and
 * {@code python3} with torch, torchaudio and torchvision. Absent tools give an empty answer and a
 * reason, never a failure.
 */
final class Reference {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_S = 600;
    private static final String TIMING_MODULE = "reference_timing.py";
    /** Debian's interpreter, where its torch packages live, unless SER_BENCH_PYTHON names another. */
    static final String PYTHON = System.getenv().getOrDefault("SER_BENCH_PYTHON",
            Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3");

    private Reference() {
    }

    /** Why a tool cannot be used, or empty when it can. */
    static Optional<String> missing(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.empty()
                    : Optional.of("reference not installed (" + String.join(" ", command) + " failed)");
        } catch (IOException | InterruptedException e) {
            return Optional.of("reference not installed (" + command[0] + " not found)");
        }
    }

    static Optional<String> pythonMissing(String module) {
        return missing(PYTHON, "-c", "import " + module);
    }

    /** Runs a bundled reference script and parses the JSON object it prints. */
    static JsonNode python(String script, Object... args) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ser-bench-");
        try {
            for (String resource : List.of(script, TIMING_MODULE)) { // the scripts import the shared timing loop
                try (InputStream in = Reference.class.getResourceAsStream(resource)) {
                    Files.write(dir.resolve(resource), in.readAllBytes());
                }
            }
            List<String> command = new ArrayList<>(List.of(PYTHON, dir.resolve(script).toString()));
            for (Object a : args) {
                command.add(String.valueOf(a));
            }
            String out = run(command);
            return JSON.readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
        } finally {
            ser.io.FileTrees.delete(dir);
        }
    }

    /** Runs a command to completion and returns its standard output; a non-zero exit is an exception. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " ran past " + TIMEOUT_S + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command.subList(0, Math.min(3, command.size()))) + " exited with " + p.exitValue());
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    static List<Double> seconds(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asDouble()));
        return out;
    }
}
