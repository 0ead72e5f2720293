package ser.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import ser.io.JsonFiles;
import ser.synth.SynthConfig;
import ser.synth.SyntheticCorpus;

@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Write a synthetic emotional-speech corpus.",
                "16 kHz WAV in CREMA-D naming, for tests, demos and benchmarks. Speaker ids come from",
                "CREMA-D's published train/dev/test lists (3:1:1)."})
final class SynthCommand implements Callable<Integer> {
    private static final SynthConfig D = SynthConfig.DEFAULT;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--speakers", paramLabel = "N", description = "synthetic actors, 1..91 (default: ${DEFAULT-VALUE})")
    int speakers = D.speakers();

    @Option(names = "--clips-per-emotion", paramLabel = "M", description = "per speaker and emotion, 1..48 (default: ${DEFAULT-VALUE})")
    int clipsPerEmotion = D.clipsPerEmotion();

    @Option(names = "--seed", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed = D.seed();

    @Override
    public Integer call() {
        SynthConfig config;
        try {
            config = new SynthConfig(speakers, clipsPerEmotion, seed);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("ser synth: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        List<SyntheticCorpus.Item> items = SyntheticCorpus.plan(config);
        long start = System.nanoTime();
        try {
            JsonFiles.write(out.resolve("synth.json"), config);
            items.parallelStream().forEach(item -> {
                try {
                    SyntheticCorpus.writeWav(SyntheticCorpus.render(config, item), out.resolve(item.fileName()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            spec.commandLine().getErr().println("ser synth: cannot write to " + out + ": " + e.getMessage());
            return ExitCodes.CANNOT_WRITE;
        }
        spec.commandLine().getErr().printf("wrote %s (%s x 6 emotions x %d) to %s in %.1f s%n",
                Plural.of(items.size(), "clip"), Plural.of(speakers, "speaker"), clipsPerEmotion, out, (System.nanoTime() - start) / 1e9);
        return ExitCodes.OK;
    }
}
