package io.makemore4j.cli;

import io.makemore4j.config.BuildInfo;
import picocli.CommandLine;

/** {@code --version}: the tool's version, the DL4J version and the native backend it was built with. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        BuildInfo info = BuildInfo.load();
        return new String[]{
                "makemore4j " + info.version(),
                "Deeplearning4j " + info.dl4jVersion() + ", ND4J backend nd4j-native " + info.classifier(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
