package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class LoginController {

  @GetMapping("/newsroom/login")
  String login(
      @RequestParam(required = false) String error,
      @RequestParam(required = false) String logout,
      @RequestParam(required = false) String wait,
      @RequestParam(required = false) String passkey,
      HttpServletResponse response,
      Model model) {
    String message = null;
    String problem = null;
    if (wait != null) {
      response.setStatus(429);
      String seconds = wait.matches("\\d{1,4}") ? wait : "a few";
      problem =
          "Too many failed sign-in attempts for this account from your address. Wait "
              + seconds
              + " seconds, then try again.";
    } else if (error != null) {
      problem = "That e-mail and password do not match a staff account.";
    } else if (passkey != null) {
      problem =
          "Your password was right, and this newsroom requires a second factor: yours is a passkey."
              + " Sign in with your passkey below.";
    } else if (logout != null) {
      message = "You have signed out.";
    }
    model.addAttribute("page", new LoginPage(problem, message));
    return "newsroom/login";
  }
}
