package ser.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import ser.io.JsonFiles;

/**
 * The README's first command: the main job, scoring, on the example clips shipped in the
 * repository with the shipped model, printed as a table.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Score the shipped example clips with the shipped model and print what it hears.",
                "Writes the full rows to DIR/results.jsonl, as ser score does."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "working folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("ser-demo");

    @Option(names = "--examples", paramLabel = "DIR", description = "clips to score (default: the shipped examples/)")
    Path examples;

    @Mixin
    ModelOption model;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() throws IOException {
        Path clips = examples != null ? examples : Path.of(System.getProperty("ser.home", ".")).resolve("examples");
        Path results = out.resolve("results.jsonl");
        Files.deleteIfExists(results); // a demo starts afresh each time
        List<String> args = new ArrayList<>(List.of("score", "--out", results.toString(), "--device", device.name()));
        if (model.given != null) {
            args.addAll(List.of("--model", model.given.toString()));
        }
        if (!Files.isDirectory(clips)) {
            spec.commandLine().getErr().println("ser demo: no example folder at " + clips);
            return ExitCodes.BAD_INPUT;
        }
        try (var files = Files.list(clips)) {
            files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".md")).sorted()
                    .forEach(f -> args.add(f.toString())); // the clips, not examples/embed
        }
        CommandLine score = Main.commandLine();
        score.setOut(spec.commandLine().getOut());
        score.setErr(spec.commandLine().getErr());
        int rc = score.execute(args.toArray(String[]::new));
        if (rc != ExitCodes.OK) {
            return rc;
        }
        var printer = spec.commandLine().getOut();
        printer.printf("%n%-28s %-8s %6s   %s%n", "file", "emotion", "conf", "regions (s: emotion)");
        for (String line : Files.readAllLines(results)) {
            var row = JsonFiles.MAPPER.readTree(line);
            if (!row.get("error").isNull()) {
                printer.printf("%-28s error: %s%n", Path.of(row.get("path").asText()).getFileName(), row.get("error").asText());
                continue;
            }
            StringBuilder regions = new StringBuilder();
            for (var region : row.get("regions")) {
                regions.append(String.format("%.1f-%.1f: %s  ", region.get("start_s").asDouble(), region.get("end_s").asDouble(),
                        region.get("emotion").asText()));
            }
            printer.printf("%-28s %-8s %6.2f   %s%n", Path.of(row.get("path").asText()).getFileName(), row.get("emotion").asText(),
                    row.get("confidence").asDouble(), regions.toString().strip());
        }
        spec.commandLine().getErr().printf("%nNext: ./ser score FOLDER --out results.jsonl   |   ./ser --help%n");
        return ExitCodes.OK;
    }
}
