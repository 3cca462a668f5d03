package io.dvstream.cli;

import picocli.CommandLine;

/** Reports the version Maven wrote into the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Dvstream.class.getPackage().getImplementationVersion();
        return new String[] {"dvstream " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")};
    }
}
