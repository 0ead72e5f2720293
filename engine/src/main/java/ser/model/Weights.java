package ser.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import ser.io.AtomicFiles;

/** LibTorch archives on disk, written through {@link AtomicFiles} so a crash leaves no half file. */
public final class Weights {
    private Weights() {
    }

    public static void save(Module net, Path file) throws IOException {
        write(file, net::save);
    }

    public static void saveOptimizer(Optimizer optimizer, Path file) throws IOException {
        write(file, optimizer::save);
    }

    /** Loads into {@code net} on whatever device its parameters are, wherever the archive was saved from. */
    public static void load(Module net, Path file) {
        read(file, deviceOf(net), net::load);
    }

    /** Loads an optimizer's state, saved by {@link #saveOptimizer}, onto the device of {@code net}'s parameters. */
    public static void loadOptimizer(Optimizer optimizer, Path file, Module net) {
        read(file, deviceOf(net), optimizer::load);
    }

    private static void write(Path file, Consumer<OutputArchive> fill) throws IOException {
        try (OutputArchive archive = new OutputArchive()) {
            fill.accept(archive);
            AtomicFiles.replace(file, tmp -> archive.save_to(tmp.toString()));
        }
    }

    /** Hands {@code into} the archive with its tensors mapped to {@code device}, and frees the archive after. */
    private static void read(Path file, Device device, Consumer<InputArchive> into) {
        try (InputArchive archive = new InputArchive(); DeviceOptional onto = new DeviceOptional(device)) {
            archive.load_from(file.toString(), onto);
            into.accept(archive);
        }
    }

    /** Where a module's parameters are (the CPU for a module without any). */
    public static Device deviceOf(Module net) {
        List<Tensor> parameters = Tensors.owned(net.parameters());
        return parameters.isEmpty() ? new Device("cpu") : parameters.get(0).device();
    }
}
