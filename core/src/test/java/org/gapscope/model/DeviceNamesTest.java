package org.gapscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Device;

/** Devices as a user reads them: CPU, or GPU n with the driver's name, never DJL's cpu() / gpu(0). */
class DeviceNamesTest {

    @TempDir
    Path dir;

    private static DeviceNames names(List<String> gpus, Map<String, String> env) {
        return new DeviceNames(() -> gpus, env);
    }

    @Test
    void theCpuIsCpu() {
        assertEquals("CPU", names(List.of(), Map.of()).describe(Device.cpu()));
        assertEquals("CPU", DeviceNames.system().describe(Device.cpu()));
    }

    @Test
    void aGpuIsNumberedAndNamed() {
        DeviceNames one = names(List.of("NVIDIA H200"), Map.of());
        assertEquals("GPU 0 (NVIDIA H200)", one.describe(Device.gpu()));
        assertEquals("GPU 0 (NVIDIA H200)", one.describe(Device.gpu(0)));
        assertEquals("GPU 1", one.describe(Device.gpu(1)), "a GPU the driver does not list has no name");
        assertEquals("GPU 0", names(List.of(), Map.of()).describe(Device.gpu(0)), "no nvidia-smi: the number alone");
    }

    @Test
    void visibleDevicesRenumberAndMixedMachinesNameOnlyInBusOrder() {
        List<String> mixed = List.of("NVIDIA A100", "NVIDIA T4", "NVIDIA H100");
        assertEquals("GPU 0 (NVIDIA H100)", names(mixed, Map.of("CUDA_VISIBLE_DEVICES", "2")).describe(Device.gpu(0)));
        assertEquals("GPU 1 (NVIDIA A100)", names(mixed, Map.of("CUDA_VISIBLE_DEVICES", "2, 0",
                "CUDA_DEVICE_ORDER", "PCI_BUS_ID")).describe(Device.gpu(1)));
        // PyTorch's default order is fastest first: with different GPUs visible, a name could be wrong
        assertEquals("GPU 1", names(mixed, Map.of("CUDA_VISIBLE_DEVICES", "2,0")).describe(Device.gpu(1)));
        assertEquals("GPU 1", names(mixed, Map.of()).describe(Device.gpu(1)));
        assertEquals("GPU 1 (NVIDIA T4)", names(mixed, Map.of("CUDA_DEVICE_ORDER", "PCI_BUS_ID"))
                .describe(Device.gpu(1)));
        List<String> alike = List.of("NVIDIA L4", "NVIDIA L4");
        assertEquals("GPU 1 (NVIDIA L4)", names(alike, Map.of()).describe(Device.gpu(1)));
        assertEquals("GPU 0", names(alike, Map.of("CUDA_VISIBLE_DEVICES", "GPU-5f3c")).describe(Device.gpu(0)),
                "UUIDs are not mapped");
        assertEquals("GPU 0", names(alike, Map.of("CUDA_VISIBLE_DEVICES", "")).describe(Device.gpu(0)),
                "an empty list hides every GPU");
        assertEquals("GPU 1", names(alike, Map.of("CUDA_VISIBLE_DEVICES", "1,7,0")).describe(Device.gpu(1)),
                "CUDA stops at the first invalid index");
    }

    @Test
    void theNamesComeFromNvidiaSmi() throws Exception {
        Path tool = dir.resolve("nvidia-smi");
        Files.writeString(tool, "#!/bin/sh\n[ \"$1 $2\" = \"--query-gpu=name --format=csv,noheader\" ] || exit 9\n"
                + "printf 'NVIDIA H200\\nNVIDIA H200\\n'\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(List.of("NVIDIA H200", "NVIDIA H200"), DeviceNames.nvidiaSmi(tool.toString()));

        Path failing = dir.resolve("failing-smi");
        Files.writeString(failing, "#!/bin/sh\necho 'NVIDIA-SMI has failed because it could not communicate'\nexit 9\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(List.of(), DeviceNames.nvidiaSmi(failing.toString()));
        assertEquals(List.of(), DeviceNames.nvidiaSmi(dir.resolve("absent").toString()));
    }
}
