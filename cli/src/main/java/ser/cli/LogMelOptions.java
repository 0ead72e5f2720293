package ser.cli;

import picocli.CommandLine.Option;
import ser.features.LogMelConfig;
import ser.features.MelScale;
import ser.kernels.Normalization;

/** The log-Mel settings as options; defaults come from {@link LogMelConfig#DEFAULT}, written nowhere else. */
final class LogMelOptions {
    private static final LogMelConfig D = LogMelConfig.DEFAULT;

    @Option(names = "--win-length", paramLabel = "SAMPLES", description = "Hamming window (default: ${DEFAULT-VALUE})")
    int winLength = D.winLength();

    @Option(names = "--hop-length", paramLabel = "SAMPLES", description = "frame step (default: ${DEFAULT-VALUE})")
    int hopLength = D.hopLength();

    @Option(names = "--n-fft", paramLabel = "N", description = "FFT size (default: ${DEFAULT-VALUE})")
    int nFft = D.nFft();

    @Option(names = "--n-mels", paramLabel = "N", description = "Mel filters (default: ${DEFAULT-VALUE})")
    int nMels = D.nMels();

    @Option(names = "--f-min", paramLabel = "HZ", description = "lowest filter edge (default: ${DEFAULT-VALUE})")
    double fMin = D.fMin();

    @Option(names = "--f-max", paramLabel = "HZ", description = "highest filter edge (default: ${DEFAULT-VALUE})")
    double fMax = D.fMax();

    @Option(names = "--mel-scale", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    MelScale melScale = D.melScale();

    @Option(names = "--log-eps", description = "log(power + eps) (default: ${DEFAULT-VALUE})")
    double logEps = D.logEps();

    @Option(names = "--normalization", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Normalization normalization = D.normalization();

    LogMelConfig config() {
        return new LogMelConfig(D.sampleRate(), winLength, hopLength, nFft, nMels, fMin, fMax, melScale, logEps,
                normalization, D.fixedFrames());
    }
}
