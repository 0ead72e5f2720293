package ser.features;

import ser.audio.AudioDecoder;
import ser.kernels.MelSpec;
import ser.kernels.Normalization;

/**
 * Every setting of the log-Mel front end. Frames follow torch.stft with {@code center=false}
 * applied to the signal padded by {@code (nFft - winLength) / 2} zeros on each side, so frame
 * {@code t} covers samples {@code [t*hop, t*hop + winLength)}.
 *
 * @param sampleRate    input rate in Hz
 * @param winLength     analysis window in samples (400 = 25 ms), periodic Hamming
 * @param hopLength     step in samples (160 = 10 ms)
 * @param nFft          FFT size; the window is zero-padded to it
 * @param nMels         triangular Mel filters
 * @param fMin          lowest filter edge in Hz
 * @param fMax          highest filter edge in Hz
 * @param melScale      Mel formula; filters are area-normalized (Slaney norm) either way
 * @param logEps        added before the logarithm: log(power + logEps)
 * @param normalization per-utterance normalization of the log-Mel matrix
 * @param fixedFrames   frames the model sees per example (crop or pad), 300 = 3 s
 */
public record LogMelConfig(int sampleRate, int winLength, int hopLength, int nFft, int nMels, double fMin,
                           double fMax, MelScale melScale, double logEps, Normalization normalization,
                           int fixedFrames) {
    public static final LogMelConfig DEFAULT = new LogMelConfig(AudioDecoder.SAMPLE_RATE, 400, 160, 512, 64, 0.0,
            8000.0, MelScale.SLANEY, 1e-6, Normalization.UTTERANCE, 300);

    public LogMelConfig {
        if (winLength <= 0 || hopLength <= 0 || nMels <= 0 || fixedFrames <= 0) {
            throw new IllegalArgumentException("window, hop, Mel bins and fixed frames must be positive");
        }
        if (nFft < winLength || Integer.bitCount(nFft) != 1) {
            throw new IllegalArgumentException("nFft must be a power of two >= winLength, got " + nFft);
        }
        if (!(0 <= fMin && fMin < fMax && fMax <= sampleRate / 2.0)) {
            throw new IllegalArgumentException("need 0 <= fMin < fMax <= sampleRate/2");
        }
        if (logEps <= 0) {
            throw new IllegalArgumentException("logEps must be positive");
        }
    }

    /** Window and filters for the log-Mel kernels, built once per configuration. */
    public MelSpec melSpec() {
        return MelFilterBank.of(this).spec();
    }

    /** Frequency bins of the one-sided spectrum. */
    public int nFreqs() {
        return nFft / 2 + 1;
    }

    /** Seconds of audio in the model's input: its fixed frames at this hop. */
    public double inputSeconds() {
        return fixedFrames * (double) hopLength / sampleRate;
    }

    /** Frames produced from {@code samples} samples; zero when shorter than one window. */
    public int frameCount(long samples) {
        return samples < winLength ? 0 : (int) (1 + (samples - winLength) / hopLength);
    }
}
