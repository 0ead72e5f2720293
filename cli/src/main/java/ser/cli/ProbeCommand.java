package ser.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import ser.audio.ProbeResult;
import ser.audio.VadConfig;

@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Decode each file and print one JSON line per file.",
                "Folders recurse. Fields: path, container, codec, sample_rate, channels, duration_s,",
                "speech_start_s, speech_end_s, error.",
                "A file that cannot be decoded is a row with error set; the run goes on and exits 0."})
final class ProbeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "audio files or folders")
    List<Path> paths;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AtomicInteger total = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        InputFiles.expand(paths).parallel()
                .map(file -> ProbeResult.of(file, VadConfig.DEFAULT))
                .forEachOrdered(row -> {
                    total.incrementAndGet();
                    if (row.error() != null) {
                        failed.incrementAndGet();
                    }
                    out.println(Json.line(row));
                    out.flush();
                });
        spec.commandLine().getErr().printf("probed %s: %d decoded, %d failed%n", Plural.of(total.get(), "file"),
                total.get() - failed.get(), failed.get());
        return ExitCodes.OK;
    }
}
