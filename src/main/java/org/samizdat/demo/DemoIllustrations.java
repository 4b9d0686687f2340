package org.samizdat.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Abstract illustrations drawn at start-up, so the demo ships no photographs of anyone. */
final class DemoIllustrations {

  private DemoIllustrations() {}

  static byte[] draw(String theme) {
    Random random = new Random(theme.hashCode());
    int w = 1600;
    int h = 900;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    float hue = random.nextFloat();
    Color sky = Color.getHSBColor(hue, 0.35f, 0.95f);
    Color deep = Color.getHSBColor((hue + 0.08f) % 1f, 0.6f, 0.45f);
    g.setPaint(new GradientPaint(0, 0, sky, 0, h, deep));
    g.fillRect(0, 0, w, h);
    // layered hills or blocks, depending on the theme
    boolean urban = theme.matches("city|parliament|court|newsroom|stadium|lab|books|stage|protest");
    for (int layer = 0; layer < 4; layer++) {
      Color c =
          Color.getHSBColor(
              (hue + 0.5f + layer * 0.03f) % 1f, 0.3f + layer * 0.1f, 0.8f - layer * 0.17f);
      g.setColor(c);
      int base = h / 2 + layer * h / 9;
      if (urban) {
        for (int x = -40; x < w; x += 60 + random.nextInt(90)) {
          int bw = 50 + random.nextInt(110);
          int bh = 80 + random.nextInt(260 - layer * 40);
          g.fillRect(x, base - bh, bw, h - base + bh);
        }
      } else {
        Path2D.Double hill = new Path2D.Double();
        hill.moveTo(0, h);
        for (int x = 0; x <= w; x += 80) {
          hill.lineTo(x, base - random.nextInt(140 - layer * 20));
        }
        hill.lineTo(w, h);
        hill.closePath();
        g.fill(hill);
      }
    }
    g.setColor(new Color(255, 255, 255, 150));
    g.fill(new Ellipse2D.Double(w * (0.15 + random.nextDouble() * 0.7), h * 0.12, 120, 120));
    g.setStroke(new BasicStroke(6f));
    g.setColor(new Color(255, 255, 255, 60));
    for (int i = 0; i < 6; i++) {
      int y = 60 + random.nextInt(h / 3);
      g.drawLine(random.nextInt(w), y, random.nextInt(w), y + random.nextInt(40));
    }
    g.dispose();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
