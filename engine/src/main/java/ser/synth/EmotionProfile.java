package ser.synth;

import java.util.Map;
import java.util.Random;

/**
 * How one emotion colours the voice, as deviations a speaker's neutral voice takes on: pitch level
 * and range, speaking rate, loudness, jitter and shimmer, spectral tilt, breathiness, tremor,
 * creak and pauses. Values follow the directions reported in the vocal-emotion literature
 * (Scherer 2003; Banse &amp; Scherer 1996); their sizes are chosen so that classes overlap once
 * speakers and per-clip variation are added.
 *
 * @param pitchScale   mean F0 relative to the speaker's neutral
 * @param rangeSt      pitch-accent excursion in semitones
 * @param rate         syllables per second relative to neutral
 * @param loudnessDb   level change; mostly removed by waveform standardization, but accents keep it
 * @param jitter       relative period-to-period F0 perturbation
 * @param shimmer      relative period-to-period amplitude perturbation
 * @param tilt         source low-pass coefficient: higher is a steeper, softer spectrum
 * @param breath       aspiration noise mixed into voicing
 * @param tremorSt     F0 tremor depth in semitones (at about 7 Hz)
 * @param creak        depth of alternate-period damping (vocal fry)
 * @param pauseScale   length of pauses between words relative to neutral
 * @param slopeSt      F0 declination over the utterance in semitones (negative falls)
 */
record EmotionProfile(double pitchScale, double rangeSt, double rate, double loudnessDb, double jitter, double shimmer,
                      double tilt, double breath, double tremorSt, double creak, double pauseScale, double slopeSt) {

    static final Map<String, EmotionProfile> BY_LABEL = Map.of(
            "neutral", new EmotionProfile(1.00, 2.5, 1.00, 0, 0.005, 0.03, 0.55, 0.03, 0.0, 0.00, 1.0, -2.0),
            "angry", new EmotionProfile(1.20, 4.0, 1.12, 6, 0.010, 0.07, 0.42, 0.02, 0.0, 0.00, 0.6, -3.0),
            "happy", new EmotionProfile(1.28, 6.0, 1.08, 3, 0.007, 0.04, 0.48, 0.03, 0.0, 0.00, 0.8, 1.5),
            "sad", new EmotionProfile(0.90, 1.2, 0.78, -5, 0.008, 0.05, 0.65, 0.06, 0.0, 0.00, 1.8, -3.5),
            "fear", new EmotionProfile(1.35, 3.0, 1.22, 1, 0.020, 0.06, 0.58, 0.05, 0.6, 0.00, 1.2, 0.5),
            "disgust", new EmotionProfile(0.94, 2.0, 0.85, -1, 0.012, 0.08, 0.52, 0.04, 0.0, 0.35, 1.3, -2.5));

    /**
     * This profile at an intensity (0 = neutral, 1 = full), with per-clip variation so no single
     * cue separates the classes.
     */
    EmotionProfile realise(double intensity, Random random) {
        EmotionProfile n = BY_LABEL.get("neutral");
        return new EmotionProfile(
                vary(lerp(n.pitchScale, pitchScale, intensity), 0.06, random),
                Math.max(0.3, vary(lerp(n.rangeSt, rangeSt, intensity), 0.9, random)),
                vary(lerp(n.rate, rate, intensity), 0.07, random),
                vary(lerp(n.loudnessDb, loudnessDb, intensity), 2.0, random),
                Math.max(0, vary(lerp(n.jitter, jitter, intensity), 0.003, random)),
                Math.max(0, vary(lerp(n.shimmer, shimmer, intensity), 0.015, random)),
                clamp(vary(lerp(n.tilt, tilt, intensity), 0.08, random), 0.05, 0.92),
                Math.max(0, vary(lerp(n.breath, breath, intensity), 0.02, random)),
                Math.max(0, vary(lerp(n.tremorSt, tremorSt, intensity), 0.15, random)),
                clamp(vary(lerp(n.creak, creak, intensity), 0.08, random), 0, 0.8),
                Math.max(0.2, vary(lerp(n.pauseScale, pauseScale, intensity), 0.25, random)),
                vary(lerp(n.slopeSt, slopeSt, intensity), 1.0, random));
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    private static double vary(double value, double sd, Random random) {
        return value + sd * random.nextGaussian();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
