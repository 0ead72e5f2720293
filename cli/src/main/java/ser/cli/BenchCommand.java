package ser.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import ser.bench.Bench;
import ser.bench.BenchConfig;
import ser.io.JsonFiles;
import ser.train.Provenance;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time each stage of ser against the tool users would otherwise pick.",
                "The same inputs in one run: decoding against the ffmpeg CLI, log-Mel against",
                "torchaudio, RoI Align against torchvision, and end-to-end scoring for several worker",
                "counts and batch sizes. Rates are medians after warm-up with [min-max]; ratio = ours /",
                "reference, above 1 means ser is faster; --threads applies to ours and the references",
                "alike. References come from Debian (benchmarks/install-references.sh); without them",
                "the table says so."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "few runs on small inputs: checks that every stage works")
    boolean quick;

    @Option(names = "--only", split = ",", paramLabel = "STAGE",
            description = "stages to run (default: ${DEFAULT-VALUE})")
    List<String> only = BenchConfig.STAGES;

    @Option(names = "--data", paramLabel = "DIR", description = "real clips in the ../shared/data layout (default: next to the installation)")
    Path data;

    @Mixin
    ModelOption model;

    @Mixin
    ThreadsOption threads; // ours and the references alike

    @Option(names = "--json", paramLabel = "OUT", description = "also write the report as JSON")
    Path json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        BenchConfig config;
        try {
            Path home = Path.of(System.getProperty("ser.home", "."));
            config = new BenchConfig(quick, only, data != null ? data : home.resolve("..").resolve("shared").resolve("data").normalize(),
                    model.dir(), threads.count);
        } catch (IllegalArgumentException e) {
            err.println("ser bench: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Bench.Report report = Bench.run(config, Provenance.currentGitRevision(), err);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s, %s, revision %s%n%n", report.date(), report.machine(), report.revision());
        out.print(Bench.table(report.results()));
        out.flush();
        if (json != null) {
            try {
                JsonFiles.write(json, report);
            } catch (IOException e) {
                err.println("ser bench: cannot write " + json + ": " + e.getMessage());
                return ExitCodes.CANNOT_WRITE;
            }
        }
        return ExitCodes.OK;
    }
}
