package ser.audio;

/**
 * Settings of the voice-activity detector's energy levels; see {@link VoiceActivity} for the rule (its steady-tone check
 * is fixed, not configured).
 *
 * @param frameMs        analysis window of one energy frame
 * @param hopMs          step between frames
 * @param silenceDbfs    a file whose loudest frame is below this level holds no speech
 * @param onsetFraction  onset threshold, as a fraction of the way from the noise floor to the peak
 * @param releaseFraction hysteresis threshold the span is extended to, lower than the onset
 * @param onsetBelowPeakDb the onset level is never lower than this far under the peak, so breaths
 *                       and handling noise well below the voice do not count when the floor is very low
 * @param releaseBelowPeakDb the same bound for the release level
 * @param minSpeechMs    the onset level must hold this long, so a click does not count as speech
 * @param paddingMs      margin kept on either side of the detected span
 */
public record VadConfig(double frameMs, double hopMs, double silenceDbfs, double onsetFraction,
                        double releaseFraction, double onsetBelowPeakDb, double releaseBelowPeakDb,
                        double minSpeechMs, double paddingMs) {
    public static final VadConfig DEFAULT = new VadConfig(25, 10, -60, 0.40, 0.25, 30, 40, 100, 30);

    public VadConfig {
        if (frameMs <= 0 || hopMs <= 0 || minSpeechMs < 0 || paddingMs < 0) {
            throw new IllegalArgumentException("VAD durations must be positive");
        }
        if (!(0 < releaseFraction && releaseFraction <= onsetFraction && onsetFraction < 1)) {
            throw new IllegalArgumentException("need 0 < releaseFraction <= onsetFraction < 1");
        }
        if (!(0 < onsetBelowPeakDb && onsetBelowPeakDb <= releaseBelowPeakDb)) {
            throw new IllegalArgumentException("need 0 < onsetBelowPeakDb <= releaseBelowPeakDb");
        }
    }
}
