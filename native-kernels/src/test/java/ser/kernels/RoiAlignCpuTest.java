package ser.kernels;

/** The CPU twin under the RoI Align contract. */
class RoiAlignCpuTest extends RoiAlignContract {
    @Override
    float[] forward(float[] features, MapLayout map, float[] rois, RoiLayout layout, RoiAlignSpec spec) {
        return RoiAlignCpu.forward(features, map, rois, layout, spec);
    }

    @Override
    float[] backward(float[] gradOut, MapLayout map, float[] rois, RoiLayout layout, RoiAlignSpec spec) {
        return RoiAlignCpu.backward(gradOut, map, rois, layout, spec);
    }
}
