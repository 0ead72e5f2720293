package ser.features;

/** Hz ↔ Mel conversions. SLANEY is linear below 1 kHz and logarithmic above (librosa's default). */
public enum MelScale {
    HTK {
        @Override
        public double toMel(double hz) {
            return 2595.0 * Math.log10(1.0 + hz / 700.0);
        }

        @Override
        public double toHz(double mel) {
            return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
        }
    },
    SLANEY {
        private static final double BREAK_HZ = 1000.0;
        private static final double LINEAR_STEP = 200.0 / 3;
        private static final double BREAK_MEL = BREAK_HZ / LINEAR_STEP;
        private static final double LOG_STEP = 0.06875177742094912; // ln(6.4) / 27

        @Override
        public double toMel(double hz) {
            return hz < BREAK_HZ ? hz / LINEAR_STEP : BREAK_MEL + Math.log(hz / BREAK_HZ) / LOG_STEP;
        }

        @Override
        public double toHz(double mel) {
            return mel < BREAK_MEL ? mel * LINEAR_STEP : BREAK_HZ * Math.exp(LOG_STEP * (mel - BREAK_MEL));
        }
    };

    public abstract double toMel(double hz);

    public abstract double toHz(double mel);
}
