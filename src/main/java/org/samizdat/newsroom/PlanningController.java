package org.samizdat.newsroom;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.web.BadRequestException;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.ScheduledItem;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Planning: what is scheduled over the next 14 days, day by day, in the newsroom's time zone. */
@Controller
class PlanningController {

  static final int DAYS = 14;
  private static final DateTimeFormatter LABEL =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

  private final Articles articles;
  private final ZoneId zone;
  private final Clock clock;

  PlanningController(Articles articles, PlatformSettings settings, Clock clock) {
    this.articles = articles;
    this.zone = settings.timeZone();
    this.clock = clock;
  }

  @GetMapping("/newsroom/planning")
  String planning(
      @RequestParam(required = false) String from,
      @AuthenticationPrincipal StaffPrincipal me,
      Model model) {
    if (!me.role().canPublish()) {
      throw new AccessDeniedException("Only editors and admins plan the schedule.");
    }
    LocalDate today = LocalDate.now(clock.withZone(zone));
    LocalDate first = from == null || from.isBlank() ? today : parse(from, today);
    ZonedDateTime start = first.atStartOfDay(zone);
    ZonedDateTime end = first.plusDays(DAYS).atStartOfDay(zone);
    List<ScheduledItem> due = articles.scheduled(start.toInstant(), end.toInstant());
    List<PlanningPage.Day> days = new ArrayList<>();
    for (int i = 0; i < DAYS; i++) {
      LocalDate day = first.plusDays(i);
      List<PlanningPage.Item> items = new ArrayList<>();
      for (ScheduledItem s : due) {
        ZonedDateTime at = s.at().atZone(zone);
        if (at.toLocalDate().equals(day)) {
          items.add(
              new PlanningPage.Item(
                  s.articleId(), TIME.format(at), s.headline(), s.language(), s.update()));
        }
      }
      days.add(new PlanningPage.Day(day.toString(), LABEL.format(day), day.equals(today), items));
    }
    model.addAttribute(
        "page",
        new PlanningPage(
            zone.getId(), days, first.minusDays(DAYS).toString(), first.plusDays(DAYS).toString()));
    return "newsroom/planning";
  }

  private static LocalDate parse(String from, LocalDate today) {
    LocalDate day;
    try {
      day = LocalDate.parse(from.trim());
    } catch (DateTimeParseException e) {
      throw new BadRequestException(
          "'" + from + "' is not a day: give it as year-month-day, like " + today + ".");
    }
    if (Math.abs(day.toEpochDay() - today.toEpochDay()) > 3660) {
      throw new BadRequestException("Plan within ten years of today, not from " + day + ".");
    }
    return day;
  }
}
