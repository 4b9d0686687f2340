package org.samizdat.platform.web;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * A QR code as an SVG drawn here (ZXing computes the modules): no image service, nothing loaded
 * from anywhere, and it scales to any size and prints sharply. The markup holds only numbers, so it
 * is safe to put into a page as it is. Used for wallet addresses on the support page and for the
 * authenticator app's otpauth:// link in the newsroom.
 */
public final class QrSvg {

  private QrSvg() {}

  /** The QR code of this text as an SVG element, 160 px square, hidden from screen readers. */
  public static String of(String text) {
    BitMatrix matrix;
    try {
      matrix =
          new QRCodeWriter()
              .encode(
                  text,
                  BarcodeFormat.QR_CODE,
                  0,
                  0,
                  Map.of(
                      EncodeHintType.MARGIN,
                      2,
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.CHARACTER_SET,
                      "UTF-8"));
    } catch (WriterException e) {
      throw new IllegalArgumentException("Cannot encode this as a QR code", e);
    }
    int w = matrix.getWidth();
    int h = matrix.getHeight();
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (matrix.get(x, y)) {
          path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 "
        + w
        + " "
        + h
        + "\" width=\"160\" height=\"160\" shape-rendering=\"crispEdges\" aria-hidden=\"true\">"
        + "<rect width=\""
        + w
        + "\" height=\""
        + h
        + "\" fill=\"#fff\"/><path fill=\"#000\" d=\""
        + path
        + "\"/></svg>";
  }
}
