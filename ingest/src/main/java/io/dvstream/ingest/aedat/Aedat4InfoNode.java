package io.dvstream.ingest.aedat;

import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Parses the IOHeader {@code infoNode} XML of AEDAT 4.0: {@code <node name="outInfo">} holds one
 * {@code <node name="<id>">} per stream with {@code <attr key=...>} children and an {@code info}
 * sub-node (sizeX, sizeY, source).
 */
final class Aedat4InfoNode {

    private Aedat4InfoNode() {
    }

    /**
     * @return streams by id, in id order
     * @throws IllegalArgumentException describing what is wrong with the XML
     */
    static Map<Integer, Aedat4Stream> parse(String xml) {
        Element root = parseXml(xml);
        Element outInfo = findNode(root, "outInfo");
        if (outInfo == null) {
            throw new IllegalArgumentException("infoNode has no <node name=\"outInfo\">");
        }
        Map<Integer, Aedat4Stream> streams = new TreeMap<>();
        for (Node n = outInfo.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e) || !"node".equals(e.getTagName())) {
                continue;
            }
            int id;
            try {
                id = Integer.parseInt(e.getAttribute("name"));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("outInfo child '" + e.getAttribute("name") + "' is not a stream id");
            }
            Element info = findChildNode(e, "info");
            streams.put(id, new Aedat4Stream(id, attr(e, "typeIdentifier", ""),
                    intAttr(info, "sizeX", id), intAttr(info, "sizeY", id),
                    info == null ? "" : attr(info, "source", ""), attr(e, "originalModuleName", "")));
        }
        return streams;
    }

    private static Element parseXml(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // The XML comes from a file: no DTDs, no external entities.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("infoNode is not well-formed XML: " + e.getMessage(), e);
        }
    }

    /** Depth-first search for {@code <node name="name">}. */
    private static Element findNode(Element from, String name) {
        if ("node".equals(from.getTagName()) && name.equals(from.getAttribute("name"))) {
            return from;
        }
        for (Node n = from.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                Element found = findNode(e, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static Element findChildNode(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "node".equals(e.getTagName()) && name.equals(e.getAttribute("name"))) {
                return e;
            }
        }
        return null;
    }

    private static String attr(Element node, String key, String defaultValue) {
        for (Node n = node.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "attr".equals(e.getTagName()) && key.equals(e.getAttribute("key"))) {
                return e.getTextContent().trim();
            }
        }
        return defaultValue;
    }

    private static int intAttr(Element info, String key, int streamId) {
        if (info == null) {
            return 0;
        }
        String text = attr(info, key, "0");
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stream " + streamId + ": " + key + " '" + text + "' is not an int");
        }
    }
}
