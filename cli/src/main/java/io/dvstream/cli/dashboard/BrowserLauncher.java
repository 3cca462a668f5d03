package io.dvstream.cli.dashboard;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a page in the desktop's browser when there is one (a desktop session, not headless), and
 * says whether it did. {@code -Ddvstream.browse=false} turns it off (tests, scripts).
 */
public final class BrowserLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(BrowserLauncher.class);

    private BrowserLauncher() {
    }

    /** True when a browser was asked to open {@code url}. */
    public static boolean open(String url) {
        if (!Boolean.parseBoolean(System.getProperty("dvstream.browse", "true")) || GraphicsEnvironment.isHeadless()) {
            return false;
        }
        try {
            if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(URI.create(url));
                return true;
            }
        } catch (Exception | LinkageError e) {
            // No usable desktop (no display, no AWT libraries): printing the URL is enough.
            LOG.debug("Could not open a browser: {}", e.toString());
        }
        return false;
    }
}
