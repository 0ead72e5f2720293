/**
 * The log-Mel and RoI Align kernels: CUDA implementations and their CPU twins, for the engine alone. Jackson
 * reads the settings (Normalization) that model files hold.
 */
module ser.kernels {
    requires JTransforms;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.cuda;

    exports ser.kernels to ser.engine;
    opens ser.kernels to com.fasterxml.jackson.databind;
}
