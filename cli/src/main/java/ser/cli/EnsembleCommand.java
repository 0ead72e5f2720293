package ser.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ser.train.Ensembles;
import ser.train.SeedSet;

@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = {"Make one model of several trained networks of one split.",
                "The members (model directories, or a seed set written by",
                "ser train --seeds) are copied into OUT/members; each decides by its",
                "own rule and temperature, their probabilities are averaged and the",
                "average calibrated on the dev speakers they share (softened where",
                "it is too sure, never sharpened: the members were chosen on those",
                "speakers). score, stream and eval run OUT as one model."})
final class EnsembleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "MODEL_DIR", description = "members, or a seed set's directory")
    List<Path> models;

    @Option(names = "--data", required = true, split = ",", paramLabel = "DIR",
            description = "the corpora the members were trained on, for their dev speakers")
    List<Path> data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the ensemble's directory, new")
    Path out;

    @Option(names = "--id", description = "the model's name in rows (default: the directory's name)")
    String id;

    @Override
    public Integer call() throws IOException {
        List<Path> members = new ArrayList<>();
        for (Path model : models) {
            List<Path> seeds = SeedSet.members(model);
            members.addAll(seeds.isEmpty() ? List.of(model) : seeds);
        }
        Ensembles.DevReport report;
        try {
            report = Ensembles.build(members, data, out, id != null ? id : out.toAbsolutePath().normalize().getFileName().toString());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("ser ensemble: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            spec.commandLine().getErr().println("ser ensemble: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        spec.commandLine().getOut().printf("%s: %d members; dev UA %.3f (members %s), ECE %.3f at temperature %.3f%n", out,
                members.size(), report.ua(), report.memberUa().values().stream().map(v -> String.format("%.3f", v)).toList(),
                report.ece(), report.temperature());
        return ExitCodes.OK;
    }
}
