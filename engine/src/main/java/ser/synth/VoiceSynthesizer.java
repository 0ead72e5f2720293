package ser.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A source-filter speech synthesizer: a Rosenberg glottal pulse train (with jitter, shimmer,
 * creak and tremor) and aspiration noise, shaped by a spectral-tilt low-pass, through a cascade
 * of four formant resonators whose targets glide from vowel to vowel; fricatives and plosive
 * bursts are filtered noise. Leading and trailing silence carry a faint noise floor, as real
 * recordings do, so voice-activity trimming has something to find.
 */
final class VoiceSynthesizer {
    static final int SAMPLE_RATE = 16_000;

    /** First three formants of ten English vowels (Peterson &amp; Barney, adult male). */
    private static final double[][] VOWELS = {
            {270, 2290, 3010}, {390, 1990, 2550}, {530, 1840, 2480}, {660, 1720, 2410}, {730, 1090, 2440},
            {570, 840, 2410}, {440, 1020, 2240}, {300, 870, 2240}, {640, 1190, 2390}, {490, 1350, 1690}};
    private static final double F4 = 3500;
    private static final double[] BANDWIDTHS = {80, 100, 150, 200};
    private static final int RAMP = ms(25); // vowel onset and offset, so syllables do not start with a click

    private enum Kind { VOWEL, FRICATIVE, CLOSURE, BURST, PAUSE }

    private record Segment(Kind kind, int samples, int vowel, boolean stressed) {
    }

    /** One utterance of {@code sentence} by {@code speaker} in the voice {@code emotion}. */
    static float[] render(Speaker speaker, Sentence sentence, EmotionProfile emotion, Random random) {
        List<Segment> segments = plan(sentence, emotion, random);
        int total = segments.stream().mapToInt(Segment::samples).sum();
        float[] out = new float[total];
        new Renderer(speaker, emotion, random, total).run(segments, out);
        return out;
    }

    private static List<Segment> plan(Sentence sentence, EmotionProfile e, Random random) {
        List<Segment> segments = new ArrayList<>();
        segments.add(new Segment(Kind.PAUSE, ms(250 + 350 * random.nextDouble()), 0, false));
        List<Sentence.Syllable> syllables = sentence.syllables();
        for (int i = 0; i < syllables.size(); i++) {
            Sentence.Syllable s = syllables.get(i);
            double stretch = (1 + 0.12 * random.nextGaussian()) / e.rate();
            switch (s.onset()) {
                case 1 -> segments.add(new Segment(Kind.FRICATIVE, ms(80 * stretch), s.vowel(), false));
                case 2 -> {
                    segments.add(new Segment(Kind.CLOSURE, ms(50 * stretch), s.vowel(), false));
                    segments.add(new Segment(Kind.BURST, ms(15), s.vowel(), false));
                }
                default -> { }
            }
            segments.add(new Segment(Kind.VOWEL, ms((s.stressed() ? 190 : 130) * stretch), s.vowel(), s.stressed()));
            if (s.wordEnd() && i < syllables.size() - 1 && random.nextDouble() < 0.5) {
                segments.add(new Segment(Kind.PAUSE, ms(70 * e.pauseScale() * (0.5 + random.nextDouble())), 0, false));
            }
        }
        segments.add(new Segment(Kind.PAUSE, ms(250 + 350 * random.nextDouble()), 0, false));
        return segments;
    }

    private static int ms(double millis) {
        return Math.max(1, (int) Math.round(millis * SAMPLE_RATE / 1000));
    }

    /** Sample-by-sample state of the source and the vocal tract. */
    private static final class Renderer {
        private final Speaker speaker;
        private final EmotionProfile e;
        private final Random random;
        private final int total;
        private final double[] formants = new double[4];
        private final double[][] resonator = new double[4][2];
        private double fricY1;
        private double fricY2;
        private double tiltState;
        private double previousPulse;
        private double phase;
        private double period = 1;
        private double pulseGain = 1;
        private boolean alternate;

        Renderer(Speaker speaker, EmotionProfile e, Random random, int total) {
            this.speaker = speaker;
            this.e = e;
            this.random = random;
            this.total = total;
            double[] first = VOWELS[4];
            for (int k = 0; k < 3; k++) {
                formants[k] = first[k] * speaker.formantScale();
            }
            formants[3] = F4 * speaker.formantScale();
        }

        void run(List<Segment> segments, float[] out) {
            int t = 0;
            double peak = 1e-9;
            for (Segment seg : segments) {
                double[] target = VOWELS[seg.vowel()];
                double accent = seg.stressed() ? e.rangeSt() : 0.25 * e.rangeSt() * random.nextGaussian();
                double stressGain = seg.stressed() ? 1.25 + 0.04 * e.loudnessDb() : 1.0;
                for (int i = 0; i < seg.samples(); i++, t++) {
                    double position = (i + 0.5) / seg.samples();
                    glide(target);
                    double envelope = Math.sin(Math.PI * position);
                    double ramp = Math.min(1, Math.min(i, seg.samples() - 1 - i) / (double) RAMP);
                    double smoothEdges = Math.pow(Math.sin(0.5 * Math.PI * ramp), 2);
                    double sample = switch (seg.kind()) {
                        case VOWEL -> voiced(t, accent * envelope) * smoothEdges * stressGain;
                        case FRICATIVE -> 0.08 * fricative() * envelope;
                        case BURST -> 0.25 * fricative() * (1 - position);
                        case CLOSURE -> 0.02 * voiced(t, 0);
                        case PAUSE -> 0;
                    };
                    out[t] = (float) sample;
                    peak = Math.max(peak, Math.abs(sample));
                }
            }
            double gain = Math.min(0.95, 0.5 * Math.pow(10, e.loudnessDb() / 20)) / peak;
            double channel = 0.6 * (random.nextDouble() - 0.5); // each recording's microphone colours it a little
            double previous = 0;
            for (int i = 0; i < out.length; i++) {
                double x = out[i] * gain;
                out[i] = (float) (x + channel * previous + 3e-4 * random.nextGaussian()); // noise floor near -70 dBFS
                previous = x;
            }
        }

        /** Formants move towards the vowel target with a ~25 ms time constant (coarticulation). */
        private void glide(double[] target) {
            double alpha = 1.0 / (0.025 * SAMPLE_RATE);
            for (int k = 0; k < 3; k++) {
                formants[k] += alpha * (target[k] * speaker.formantScale() - formants[k]);
            }
        }

        private double voiced(int t, double accentSt) {
            double seconds = (double) t / SAMPLE_RATE;
            double semitones = accentSt + e.slopeSt() * t / total + e.tremorSt() * Math.sin(2 * Math.PI * 7 * seconds);
            double f0 = speaker.f0() * e.pitchScale() * Math.pow(2, semitones / 12);
            phase += 1.0 / period;
            if (phase >= 1) {
                phase -= 1;
                alternate = !alternate;
                period = SAMPLE_RATE / f0 * (1 + e.jitter() * random.nextGaussian()) * (alternate ? 1 + e.creak() : 1);
                pulseGain = (1 + e.shimmer() * random.nextGaussian()) * (alternate ? 1 - e.creak() : 1);
            }
            double pulse = rosenberg(phase) * pulseGain;
            double flow = pulse - previousPulse; // lip radiation: differentiated glottal flow
            previousPulse = pulse;
            double tilt = Math.min(0.95, e.tilt() + speaker.tiltOffset());
            tiltState = (1 - tilt) * flow + tilt * tiltState;
            double aspiration = (e.breath() + speaker.breathOffset()) * random.nextGaussian() * (0.3 + pulse);
            return vocalTract(12 * tiltState + 0.1 * aspiration);
        }

        private static double rosenberg(double p) {
            double open = 0.6;
            double rise = 0.4;
            if (p < rise) {
                return 0.5 * (1 - Math.cos(Math.PI * p / rise));
            }
            return p < open ? Math.cos(0.5 * Math.PI * (p - rise) / (open - rise)) : 0;
        }

        private double vocalTract(double x) {
            double y = x;
            for (int k = 0; k < 4; k++) {
                y = resonate(y, formants[k], BANDWIDTHS[k], resonator[k]);
            }
            return y;
        }

        private double fricative() {
            double r = Math.exp(-Math.PI * 1500.0 / SAMPLE_RATE);
            double c1 = 2 * r * Math.cos(2 * Math.PI * 4500 * speaker.formantScale() / SAMPLE_RATE);
            double c2 = -r * r;
            double y = random.nextGaussian() + c1 * fricY1 + c2 * fricY2;
            fricY2 = fricY1;
            fricY1 = y;
            return y * (1 - r);
        }

        /** Two-pole resonator with unity gain at DC. */
        private static double resonate(double x, double frequency, double bandwidth, double[] state) {
            double r = Math.exp(-Math.PI * bandwidth / SAMPLE_RATE);
            double c1 = 2 * r * Math.cos(2 * Math.PI * frequency / SAMPLE_RATE);
            double c2 = -r * r;
            double y = (1 - c1 - c2) * x + c1 * state[0] + c2 * state[1];
            state[1] = state[0];
            state[0] = y;
            return y;
        }
    }
}
