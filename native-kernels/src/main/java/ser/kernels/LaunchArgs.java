package ser.kernels;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import org.bytedeco.javacpp.Pointer;

/**
 * The parameters of one kernel launch as a record that mirrors the kernel's C signature, component by component:
 * {@code long} for a pointer or a {@code long long}, {@code int}, {@code float}, and a {@link Pointer} to the bytes
 * of a struct passed by value. Names are the C names in camel case. {@code LaunchArgsTest} holds every record
 * against the kernels' signatures in the CUDA sources ({@code ser_kernels.cu} and each op's {@code .cuh}), so a parameter out of order or of the wrong type fails a test on any machine
 * instead of corrupting a launch on a GPU.
 */
sealed interface LaunchArgs {
    /** The kernel's name in the module. */
    String kernel();

    /** The components in declaration order, as {@link CudaDriver#launch} passes them. */
    default Object[] values() {
        Method[] accessors = Accessors.OF.get(getClass());
        Object[] values = new Object[accessors.length];
        try {
            for (int i = 0; i < accessors.length; i++) {
                values[i] = accessors[i].invoke(this);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return values;
    }

    /** Each record's accessors, looked up once: a launch is on the path of every batch. */
    final class Accessors {
        static final ClassValue<Method[]> OF = new ClassValue<>() {
            @Override
            protected Method[] computeValue(Class<?> type) {
                RecordComponent[] components = type.getRecordComponents();
                Method[] accessors = new Method[components.length];
                for (int i = 0; i < components.length; i++) {
                    accessors[i] = components[i].getAccessor();
                }
                return accessors;
            }
        };

        private Accessors() {
        }
    }

    /** {@code ser_logmel_frames}: samples to log-Mel rows, {@code batch} the by-value table of offsets and frame counts. */
    record LogMelFrames(long samples, Pointer batch, long window, long twiddles, int win, int hop, int log2Fft,
                        long melFirst, long melCount, long melStart, long melWeights, int nMels, float logEps,
                        int maxFrames, long out) implements LaunchArgs {
        @Override
        public String kernel() {
            return "ser_logmel_frames";
        }
    }

    /** {@code ser_logmel_normalize}: {@code mode} 1 per utterance, 2 per Mel bin. */
    record LogMelNormalize(long out, Pointer batch, int maxFrames, int nMels, int mode) implements LaunchArgs {
        @Override
        public String kernel() {
            return "ser_logmel_normalize";
        }
    }

    /** {@code ser_roi_align_1d_forward}: {@code sn, sc, st} the feature map's strides, {@code aligned} 0 or 1. */
    record RoiAlignForward(long features, long sn, long sc, long st, int batch, int channels, int length, long rois,
                           long rowStride, long colStride, int regions, int bins, int sampling, float scale, int aligned,
                           long out) implements LaunchArgs {
        @Override
        public String kernel() {
            return "ser_roi_align_1d_forward";
        }
    }

    /** {@code ser_roi_align_1d_backward}: into a zeroed, contiguous gradient of the features. */
    record RoiAlignBackward(long gradOut, int batch, int channels, int length, long rois, long rowStride, long colStride,
                            int regions, int bins, int sampling, float scale, int aligned, long gradFeatures)
            implements LaunchArgs {
        @Override
        public String kernel() {
            return "ser_roi_align_1d_backward";
        }
    }
}
