package ser.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.OutputArchive;

/** LibTorch archives on disk, written through a temporary file and a rename so a crash leaves no half file. */
public final class Weights {
    private Weights() {
    }

    public static void save(Module net, Path file) throws IOException {
        OutputArchive archive = new OutputArchive();
        net.save(archive);
        save(archive, file);
    }

    public static void save(OutputArchive archive, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        archive.save_to(tmp.toString());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static void load(Module net, Path file) {
        net.load(open(file));
    }

    public static InputArchive open(Path file) {
        InputArchive archive = new InputArchive();
        archive.load_from(file.toString());
        return archive;
    }
}
