package ser.synth;

import java.util.Random;

/**
 * A synthetic voice: pitch, vocal-tract length (formant scale) and a personal voice quality, drawn
 * so that speakers' pitch ranges overlap the shifts emotions cause.
 */
record Speaker(int id, boolean female, double f0, double formantScale, double tiltOffset, double breathOffset) {
    static Speaker draw(int id, boolean female, Random random) {
        double f0 = female ? 165 + 85 * random.nextDouble() : 85 + 55 * random.nextDouble();
        double formantScale = (female ? 1.15 : 1.0) * (1 + 0.05 * random.nextGaussian());
        return new Speaker(id, female, f0, formantScale, 0.10 * random.nextGaussian(), Math.abs(0.03 * random.nextGaussian()));
    }
}
