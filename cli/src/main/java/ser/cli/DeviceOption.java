package ser.cli;

import java.util.Locale;
import picocli.CommandLine.Option;
import ser.api.Device;

/** {@code --device}, shared by the commands that run the network. */
final class DeviceOption {
    @Option(names = "--device",
            description = "${COMPLETION-CANDIDATES}: where the network runs; auto takes CUDA when the build and the machine have it (default: ${DEFAULT-VALUE})")
    Device device = Device.AUTO;

    /** As LibTorch and the saved configurations name it. */
    String name() {
        return device.name().toLowerCase(Locale.ROOT);
    }
}
