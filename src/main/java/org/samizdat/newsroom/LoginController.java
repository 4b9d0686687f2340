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
      @RequestParam(required = false) String locked,
      HttpServletResponse response,
      Model model) {
    String message = null;
    String problem = null;
    if (locked != null) {
      response.setStatus(429);
      problem =
          "Too many failed sign-in attempts. For your account's safety, try again in "
              + (locked.matches("\\d{1,4}") ? locked : "a few")
              + " minutes.";
    } else if (error != null) {
      problem = "That e-mail and password do not match a staff account.";
    } else if (logout != null) {
      message = "You have signed out.";
    }
    model.addAttribute("page", new LoginPage(problem, message));
    return "newsroom/login";
  }
}
