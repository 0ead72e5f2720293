package ser.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import ser.audio.AudioDecodeException;
import ser.audio.SpeechLoader;
import ser.audio.Utterance;
import ser.audio.VadConfig;
import ser.features.FeatureMatrix;
import ser.features.LogMel;
import ser.features.LogMelConfig;
import ser.features.Npy;
import ser.io.JsonFiles;

@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Write the normalized log-Mel matrix of FILE as NumPy .npy.",
                "The array is frames x n_mels float32; the configuration goes beside it, named like the",
                ".npy with .json."})
final class FeaturesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "an audio file in any format FFmpeg decodes")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "F.npy", description = "output .npy file")
    Path out;

    @Mixin
    LogMelOptions logMel;

    @Override
    public Integer call() {
        LogMelConfig config;
        try {
            config = logMel.config();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("ser features: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Utterance utterance;
        FeatureMatrix features;
        try {
            utterance = new SpeechLoader(VadConfig.DEFAULT).load(input);
            features = new LogMel(config).compute(utterance.samples());
        } catch (AudioDecodeException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("ser features: " + input + ": " + reason(e));
            return ExitCodes.BAD_INPUT;
        }
        try {
            Npy.write(features, out);
            Map<String, Object> sidecar = new LinkedHashMap<>();
            sidecar.put("source", input.toString());
            sidecar.put("shape", new int[] {features.frames(), features.bins()});
            sidecar.put("speech_start_s", utterance.span().startS());
            sidecar.put("speech_end_s", utterance.span().endS());
            sidecar.put("log_mel", config);
            sidecar.put("vad", VadConfig.DEFAULT);
            JsonFiles.write(sidecarPath(out), sidecar);
        } catch (IOException e) {
            spec.commandLine().getErr().println("ser features: cannot write " + out + ": " + e.getMessage());
            return ExitCodes.CANNOT_WRITE;
        }
        spec.commandLine().getErr().printf("%s: %d frames x %d Mel bins -> %s%n", input, features.frames(), features.bins(), out);
        return ExitCodes.OK;
    }

    private static String reason(Exception e) {
        return e instanceof AudioDecodeException d ? d.reason() : e.getMessage();
    }

    static Path sidecarPath(Path npy) {
        String name = npy.getFileName().toString().replaceFirst("\\.npy$", "");
        return npy.resolveSibling(name + ".json");
    }
}
