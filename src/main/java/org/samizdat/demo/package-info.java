/**
 * Demo content written by the project, so a new newsroom sees a living site
 * (SAMIZDAT_DEMO_CONTENT=true).
 */
@org.springframework.modulith.ApplicationModule(
    allowedDependencies = {
      "platform",
      "platform::cache",
      "platform::i18n",
      "publishing",
      "revenue"
    })
package org.samizdat.demo;
