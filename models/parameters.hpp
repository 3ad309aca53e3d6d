#pragma once
// The behavioural parameters of lonesim, in one list. Each entry:
//   X(field, "section.key", default, "unit", min, max, integer, "description", "source")
// Rates quoted per year are converted to daily hazards where they are used.
// "Assumption" in a source means no published number was found; such values are
// provisional and marked for calibration against ../scenarios/data/targets.toml.
#include "sim/param_table.hpp"

namespace lonesim {

// clang-format off
#define LONESIM_PARAMETERS(X) \
  /* population attributes */ \
  X(student_share_under25, "population.student_share_under25", 0.55, "fraction", 0, 1, false, \
    "Share of householders aged under 25 who are students.", \
    "Statistics Korea, 2023 Statistics on single-person households (young single households are mostly students or job seekers); rounded") \
  X(employment_rate_25_64, "population.employment_rate_25_64", 0.72, "fraction", 0, 1, false, \
    "Employment rate of householders aged 25-64.", \
    "Statistics Korea, Economically Active Population Survey 2023: employment rate 15-64 = 69.2%; single households similar") \
  X(employment_rate_65plus, "population.employment_rate_65plus", 0.30, "fraction", 0, 1, false, \
    "Employment rate of householders aged 65 and over (the rest are retired).", \
    "Statistics Korea, Economically Active Population Survey 2023: employment rate 65+ = 37.3%; lower for single elderly (assumption)") \
  X(low_income_share, "population.low_income_share", 0.45, "fraction", 0, 1, false, \
    "Share in the low income tier (under 2 million KRW a month).", \
    "Statistics Korea, 2023 single-person household statistics: about half earn under 2 million KRW a month") \
  X(high_income_share, "population.high_income_share", 0.15, "fraction", 0, 1, false, \
    "Share in the high income tier (4 million KRW a month or more).", \
    "Statistics Korea, 2023 single-person household statistics; rounded") \
  X(chronic_illness_under40, "population.chronic_illness_under40", 0.10, "fraction", 0, 1, false, \
    "Share with a chronic illness, ages under 40.", \
    "KNHANES 2022 chronic disease prevalence by age; rounded") \
  X(chronic_illness_40_64, "population.chronic_illness_40_64", 0.35, "fraction", 0, 1, false, \
    "Share with a chronic illness, ages 40-64.", \
    "KNHANES 2022 chronic disease prevalence by age; rounded") \
  X(chronic_illness_65plus, "population.chronic_illness_65plus", 0.75, "fraction", 0, 1, false, \
    "Share with a chronic illness, ages 65 and over.", \
    "Ministry of Health and Welfare, 2023 Survey of Older Persons: 84% have at least one chronic disease; lower threshold of severity (assumption)") \
  X(disability_rate, "population.disability_rate", 0.06, "fraction", 0, 1, false, \
    "Share with a registered disability.", \
    "Ministry of Health and Welfare 2023: 2.65 million registered (5.1% of population); higher among single households (assumption)") \
  X(foreign_share, "population.foreign_share", 0.03, "fraction", 0, 1, false, \
    "Share of foreign nationals.", \
    "Seoul Metropolitan Government 2023: about 2.6% of residents are foreign nationals") \
  X(app_use_under60, "population.app_use_under60", 0.95, "fraction", 0, 1, false, \
    "Share aged under 60 who use delivery or messaging apps.", \
    "Ministry of Science and ICT, 2023 Internet Usage Survey (smartphone use near universal under 60)") \
  X(app_use_60plus, "population.app_use_60plus", 0.55, "fraction", 0, 1, false, \
    "Share aged 60 and over who use delivery or messaging apps.", \
    "NIA 2023 Digital Divide Survey: digital informatisation level of elderly about 70% of average; rounded down for app use (assumption)") \
  X(sociability_sd, "population.sociability_sd", 0.35, "log units", 0, 2, false, \
    "Spread of the personal need for contact (log-normal, mean 1).", \
    "Assumption, hand-tuned so the 2025 baseline holds steady; not among the calibrated parameters (docs/calibration.md)") \
  X(resilience_mean, "population.resilience_mean", 0.5, "0-1", 0, 1, false, \
    "Mean psychological resilience (0 none, 1 high).", \
    "Assumption (Connor-Davidson scale scores rescaled); not among the calibrated parameters (docs/calibration.md)") \
  X(resilience_sd, "population.resilience_sd", 0.15, "0-1", 0, 1, false, \
    "Spread of resilience.", "Assumption, hand-tuned so the 2025 baseline holds steady; not among the calibrated parameters (docs/calibration.md)") \
  X(mental_illness_share, "population.mental_illness_share", 0.05, "fraction", 0, 0.5, false, \
    "Share with a depressive or anxiety disorder (a trait for life; all ages alike).", \
    "Korea National Mental Health Survey 2021: one-year prevalence of depressive disorder 1.7% and anxiety disorder 3.1% of adults 18-79 (range 0.03-0.12: depressive symptoms 8.8% of 19-34-year-olds, Survey of Young People's Lives 2024)") \
  X(initial_loneliness_mean, "population.initial_loneliness_mean", 0.48, "0-1", 0, 1, false, \
    "Mean loneliness on day 0 (0-1, UCLA-3 = 3 + 6 L).", \
    "Statistics Korea Social Survey 2025: 48.9% of single-person households feel lonely") \
  X(initial_withdrawn_share, "population.initial_withdrawn_share", 0.02, "fraction", 0, 1, false, \
    "Share who start the run withdrawn: no outing for 180+ days, few and weak ties.", \
    "Seoul 2022 survey: 4.5% of 19-39-year-olds isolated or reclusive, 55.6% of them rarely leave home; about 2% of all ages assumed") \
  /* social ties */ \
  X(family_ties, "network.family_ties", 2.0, "ties per agent", 0, 20, false, \
    "Mean number of family ties (not co-resident) at the start.", \
    "Statistics Korea Social Survey 2023 (people to turn to are mostly family); assumption") \
  X(friend_ties, "network.friend_ties", 3.0, "ties per agent", 0, 20, false, \
    "Mean number of friend ties at the start, declining with age.", \
    "Assumption informed by Dunbar's sympathy group (about 12-15 close ties, most outside single households)") \
  X(neighbour_ties, "network.neighbour_ties", 1.0, "ties per agent", 0, 20, false, \
    "Mean number of neighbour ties at the start.", \
    "Seoul Survey 2022: weak neighbourhood ties in apartments and one-room housing; assumption") \
  X(coworker_ties, "network.coworker_ties", 2.5, "ties per worker", 0, 20, false, \
    "Mean number of co-worker or classmate ties of employed agents and students.", \
    "Assumption") \
  X(friend_distance_km, "network.friend_distance_km", 6.0, "km", 0.5, 100, false, \
    "Distance decay of friend ties between district centroids (exp(-d/scale)).", \
    "Assumption; commuting and friendship gravity models use a few km in Seoul") \
  X(family_distance_km, "network.family_distance_km", 20.0, "km", 0.5, 200, false, \
    "Distance decay of family ties between districts.", "Assumption") \
  X(age_homophily_bands, "network.age_homophily_bands", 1.0, "5-year bands", 0.1, 10, false, \
    "Standard deviation of the age gap of friend ties, in 5-year bands.", \
    "McPherson, Smith-Lovin, Cook 2001 (homophily); assumption for the width") \
  X(triadic_closure, "network.triadic_closure", 0.6, "ties per agent", 0, 5, false, \
    "Friend-of-friend ties added per agent at the start, to raise clustering.", \
    "Assumption, chosen to give a clustering coefficient near 0.1 (typical of large social networks)") \
  X(initial_weight_sd, "network.initial_weight_sd", 0.3, "log units", 0, 2, false, \
    "Spread of day-0 tie strength around the strength at which contact and decay balance.", "Assumption") \
  /* tie dynamics */ \
  X(tie_gain, "ties.gain_per_contact", 0.08, "fraction of gap", 0, 1, false, \
    "Strengthening per contact: w += gain * quality * (1 - w).", "Assumption, hand-tuned so the 2025 baseline holds steady; not among the calibrated parameters (docs/calibration.md)") \
  X(tie_decay, "ties.decay_per_day", 0.006, "1/day", 0, 1, false, \
    "Weakening on a day without contact: w -= decay * w.", \
    "Assumption (half-life of about four months without contact; Roberts & Dunbar 2011 find friendships decay within months)") \
  X(lonely_decay_factor, "ties.lonely_decay_factor", 2.03, "multiplier", 0, 10, false, \
    "Extra decay of a tie per unit of the lonelier end's loneliness.", \
    "Cacioppo, Fowler, Christakis 2009: lonely people drift to the network's edge; size assumed") \
  X(tie_floor, "ties.floor", 0.05, "0-1", 0, 1, false, \
    "Ties weaker than this dissolve (family ties stay at this floor).", "Assumption") \
  X(new_tie_weight, "ties.new_weight", 0.25, "0-1", 0, 1, false, \
    "Strength of a newly formed tie.", "Assumption") \
  X(tie_turnover, "ties.turnover_per_year", 0.1, "per year", 0, 2, false, \
    "Chance a year that a non-family tie ends for reasons outside the model (moves, new jobs, drifting apart), whatever its strength.", \
    "Mollenhorst 2009 (Networks in Contexts, Utrecht; 604 Dutch adults re-interviewed after 7 years): about half of close network members replaced in 7 years while network size stayed about the same; -ln(0.5)/7 = 0.1 a year") \
  X(venue_tie_rate, "ties.venue_tie_rate", 0.0035, "per outing per missing tie", 0, 1, false, \
    "Chance an outing leads to a new tie with someone met at a district venue, for each tie the agent is short of the number it seeks (network.*_ties, topped up for turnover).", \
    "Assumption, with the other two formation rates set so that a world with no shocks or programmes keeps its day-0 network size (Mollenhorst 2009: sizes stay about the same; tests/models/test_dynamics.cpp); not among the calibrated parameters (docs/calibration.md)") \
  X(friend_of_friend_rate, "ties.friend_of_friend_rate", 0.0018, "per day per missing tie", 0, 1, false, \
    "Daily chance of a new tie through a friend of a friend, for each tie the agent is short of the number it seeks.", \
    "Assumption, set with ties.venue_tie_rate so the status quo keeps its network size (Mollenhorst 2009); not among the calibrated parameters (docs/calibration.md)") \
  X(work_tie_rate, "ties.work_tie_rate", 0.0012, "per workday per missing tie", 0, 1, false, \
    "Daily chance of a new co-worker or classmate tie on a workday, for each tie the agent is short of the number it seeks.", \
    "Assumption, set with ties.venue_tie_rate so the status quo keeps its network size (Mollenhorst 2009); not among the calibrated parameters (docs/calibration.md)") \
  X(max_ties, "ties.max_ties", 32, "ties", 4, 64, true, \
    "Most ties one agent holds in the model (meaningful ties, not acquaintances).", \
    "Dunbar 1998: an active network of about 15-50 people contacted regularly") \
  /* contacts */ \
  X(family_contact_rate, "contacts.family_rate", 0.15, "per day", 0, 1, false, \
    "Daily contact probability along a full-strength family tie.", \
    "Statistics Korea Social Survey 2023 (contact with non-co-resident family about weekly); assumption") \
  X(friend_contact_rate, "contacts.friend_rate", 0.12, "per day", 0, 1, false, \
    "Daily contact probability along a full-strength friend tie.", "Assumption") \
  X(neighbour_contact_rate, "contacts.neighbour_rate", 0.10, "per day", 0, 1, false, \
    "Daily contact probability along a full-strength neighbour tie.", "Assumption") \
  X(coworker_contact_rate, "contacts.coworker_rate", 0.45, "per workday", 0, 1, false, \
    "Contact probability along a co-worker tie on a workday when both work.", "Assumption") \
  X(initiative_loneliness, "contacts.lonely_initiative_loss", 0.5, "fraction", 0, 1, false, \
    "Fall in contact probability per unit of mean loneliness of the two ends (lonely people initiate less).", \
    "Cacioppo & Hawkley 2009 (loneliness and social withdrawal); size assumed") \
  X(visit_share, "contacts.visit_share", 0.3, "fraction", 0, 1, false, \
    "Share of contacts made in person by a visit when the two are not both out.", "Assumption") \
  X(withdrawn_contact_factor, "contacts.withdrawn_factor", 0.26, "multiplier", 0, 1, false, \
    "Contact along a tie, either way, with someone withdrawn (outings.withdrawn_after_days without an outing) is this fraction of the usual: withdrawal is from people, not only from going out.", \
    "Calibrated (docs/calibration.md); the mechanism: difficulty with relationships is a reason of 40.3% of isolated and reclusive young Seoulites (Seoul survey 2022), interpersonal difficulties 23.5% (Ministry of Health and Welfare survey 2023); range 0.1-1") \
  X(remote_quality, "contacts.remote_quality", 0.5, "0-1", 0, 1, false, \
    "Value of a phone or online contact relative to meeting in person; it never counts as meeting someone (status.isolation_days counts days without in-person contact), so online-only contact does not end isolation.", \
    "Assumption (range 0-0.6): remote contact relieves loneliness less than in-person contact (Sacco et al. 2021); daily phone or video contact gave 45% of face-to-face contact's benefit against depressive symptoms (Sommerlad et al. 2021, Psychol Med); only in-person contact was protective (Teo et al. 2015, J Am Geriatr Soc 63:2014)") \
  /* outings */ \
  X(outing_base, "outings.base_prob", 0.85, "per day", 0, 1, false, \
    "Daily probability of an outing beyond necessities for a healthy adult who feels connected.", \
    "Assumption; Seoul Survey 2022 leisure participation") \
  X(outing_elderly_factor, "outings.elderly_factor", 0.8, "multiplier", 0, 1, false, \
    "Outing probability multiplier at ages 75 and over (linear from 65).", "Assumption") \
  X(outing_illness_factor, "outings.illness_factor", 0.5, "multiplier", 0, 1, false, \
    "Outing probability multiplier while acutely ill.", "Assumption") \
  X(outing_disability_factor, "outings.disability_factor", 0.8, "multiplier", 0, 1, false, \
    "Outing probability multiplier with a disability.", "Assumption") \
  X(outing_loneliness_effect, "outings.loneliness_effect", 0.6, "fraction", 0, 1, false, \
    "Fall in outing probability per unit of loneliness.", "Assumption, hand-tuned so the 2025 baseline holds steady; not among the calibrated parameters (docs/calibration.md)") \
  X(outing_habit_days, "outings.habit_days", 10.0, "days", 1, 365, false, \
    "Habit: outing probability falls as 1 / (1 + days since last outing / habit_days).", \
    "Assumption capturing the self-reinforcing withdrawal of reclusive youth (Seoul 2022 survey)") \
  X(withdrawn_after_days, "outings.withdrawn_after_days", 30, "days", 1, 365, true, \
    "Days without an outing after which an agent is withdrawn and rarely goes out.", \
    "Assumption; Seoul 2022 survey distinguishes those who rarely leave home") \
  X(withdrawn_factor, "outings.withdrawn_factor", 0.236, "multiplier", 0, 1, false, \
    "Outing probability multiplier while withdrawn (an outing ends the withdrawal).", \
    "Assumption; chosen so that withdrawal lasts months (28.5% of reclusive youth for over five years, Seoul 2022); the value is the 2026-11 fit with a two-year burn-in, not among the calibrated parameters (it acts mainly on reclusion; the isolated-youth share is fitted through outings.young_jobseeker_factor and contacts.withdrawn_factor; docs/calibration.md)") \
  X(jobseeker_outing_factor, "outings.young_jobseeker_factor", 0.152, "multiplier", 0, 1, false, \
    "Outing probability multiplier of job seekers (unemployed) aged under 40, on every day: failed job search and long unemployment are the reason most named for isolation and reclusion by young Koreans.", \
    "Calibrated (docs/calibration.md) against the Seoul 2022 isolated-youth share; the mechanism: Seoul survey of isolated and reclusive youth 2022 (job loss or job search 45.5% of reasons, 55.6% rarely go out), Ministry of Health and Welfare survey of 19-39-year-olds 2023 (job difficulties 24.1%), KOSTAT youth supplement May 2023 (25.4% of graduates not in work spent their time at home); range 0.1-1") \
  X(mental_illness_outing_factor, "outings.mental_illness_factor", 0.7, "multiplier", 0, 1, false, \
    "Outing probability multiplier with a depressive or anxiety disorder, on days without work or school.", \
    "Assumption (range 0.5-1): depressive symptoms go with less face-to-face interaction (Elmer & Stadtfeld 2020, Sci Rep 10:1444) and less movement outside the home (Saeb et al. 2016, PeerJ 4:e2537); no study gives the size") \
  X(outing_weekend_factor, "outings.weekend_factor", 1.05, "multiplier", 0, 2, false, \
    "Outing probability multiplier on weekends and public holidays.", "Assumption") \
  X(outing_winter_factor, "outings.winter_factor", 1.0, "multiplier", 0, 2, false, \
    "Outing probability multiplier in December-February (1: no season).", \
    "No effect by default: no seasonal series of loneliness or isolation in Korea was found, and the ONS (UK) finds loneliness relatively stable across the year; at 0.85 (the earlier assumption) feeling lonely rose about 3.5 points every winter (docs/model.md, What moves the status quo). Kept for sensitivity analysis (range 0.7-1)") \
  /* loneliness */ \
  X(need_contacts, "loneliness.need_contacts", 0.883, "contacts per day", 0.01, 20, false, \
    "Recent contacts (in-person equivalents per day) that meet an average person's need.", \
    "Assumption (prior: log-uniform over 0.2-3)") \
  X(need_at_80, "loneliness.need_at_80", 0.44, "multiplier", 0.05, 2, false, \
    "Need for contact at 80 and over relative to under 50; it changes linearly from 50 to 80.", \
    "Carstensen 1992, Lang & Carstensen 1994 (socioemotional selectivity: older adults keep fewer, closer ties and are content with less contact); size calibrated (prior: log-uniform over 0.1-1.5)") \
  X(contact_memory_days, "loneliness.contact_memory_days", 14.0, "days", 1, 365, false, \
    "Memory of recent contacts (exponential moving average).", "Assumption") \
  X(loneliness_adjust, "loneliness.adjust_rate", 0.04, "per day", 0, 1, false, \
    "Speed at which loneliness moves toward what recent contact meets of the need.", "Assumption") \
  X(loneliness_floor, "loneliness.floor", 0.15, "0-1", 0, 1, false, \
    "Loneliness of a person whose need is fully met.", "Assumption (UCLA-3 minimum is rarely reported)") \
  X(contagion, "loneliness.contagion", 0.01, "per lonely contact", 0, 1, false, \
    "Rise in loneliness per contact with a lonely person (SISa-style spread).", \
    "Cacioppo, Fowler, Christakis 2009 (loneliness spreads up to three degrees); size assumed") \
  X(resilience_recovery, "loneliness.resilience_recovery", 0.004, "per day", 0, 1, false, \
    "Daily fall in loneliness per unit of resilience.", "Assumption") \
  X(loneliness_noise, "loneliness.noise_sd", 0.01, "0-1", 0, 1, false, \
    "Standard deviation of daily mood noise (triangular distribution).", "Assumption") \
  X(lonely_threshold, "loneliness.threshold", 0.5, "0-1", 0, 1, false, \
    "Loneliness above which an agent counts as lonely (0.5 = UCLA-3 score 6 of 9).", \
    "Hughes et al. 2004 (UCLA-3; scores 6-9 commonly classed as lonely)") \
  X(shock_bereavement, "loneliness.shock_bereavement", 0.20, "0-1", 0, 1, false, \
    "Jump in loneliness on bereavement (scaled by 1 - resilience).", "Assumption") \
  X(shock_job_loss, "loneliness.shock_job_loss", 0.10, "0-1", 0, 1, false, \
    "Jump in loneliness on job loss.", "Seoul 2022 youth survey: job loss is the top reason for isolation (45.5%); size assumed") \
  X(shock_illness, "loneliness.shock_illness", 0.05, "0-1", 0, 1, false, \
    "Jump in loneliness on falling ill.", "Assumption") \
  X(shock_move, "loneliness.shock_move", 0.05, "0-1", 0, 1, false, \
    "Jump in loneliness on moving home.", "Assumption") \
  /* status */ \
  X(isolation_days, "status.isolation_days", 30, "days", 1, 365, true, \
    "Days without meeting anyone in person before an agent with no one to turn to counts as isolated.", \
    "Seoul 2022 isolated-youth survey (no meaningful contact with others for a sustained period); one month assumed") \
  X(strong_tie, "status.strong_tie", 0.549, "0-1", 0, 1, false, \
    "Tie strength at which someone is a person to turn to for help.", "Assumption (prior: uniform over 0.15-0.6)") \
  X(kin_support_factor, "status.kin_support_factor", 0.221, "multiplier", 0.05, 1, false, \
    "A family tie is someone to turn to from this fraction of status.strong_tie: kin help by their role, at less contact than friends need.", \
    "Wellman & Wortley 1990 (parents and adult children give support whatever the contact frequency; friends' support follows tie strength); size calibrated (prior: uniform over 0.2-1)") \
  X(coworker_support_factor, "status.coworker_support_factor", 2.0, "multiplier", 1, 3, false, \
    "A co-worker is someone to turn to from this multiple of status.strong_tie (above 1 / strong_tie, never).", \
    "Wellman & Wortley 1990 (workmates give companionship but little emotional, financial or caring support); size assumed, not among the calibrated parameters (at 1 the model's 60+ index was twice the all-ages index, against 1.2 times in the survey; docs/calibration.md)") \
  X(reclusive_days, "status.reclusive_days", 180, "days", 1, 3650, true, \
    "Days without an outing beyond necessities for an isolated agent to count as reclusive.", \
    "Seoul 2022 survey: 'rarely leaves home for six months or more'") \
  X(episode_gap_days, "status.episode_gap_days", 90, "days", 1, 3650, true, \
    "Days out of isolation (or reclusion) before a return counts as a new episode; an episode ends after as many days out. Counts only: the dynamics do not read it.", \
    "Assumption (about three months, as remission is commonly judged in episode definitions of depression; a definition, not a fitted number)") \
  /* life events (annual rates, applied as daily hazards) */ \
  X(job_loss, "life.job_loss_per_year", 0.04, "per year", 0, 1, false, \
    "Annual hazard of losing a job.", "Statistics Korea EAPS 2023 (involuntary separation); rounded") \
  X(reemployment, "life.reemployment_per_year", 0.6, "per year", 0, 5, false, \
    "Annual hazard of finding work while unemployed (under 65).", "Statistics Korea EAPS 2023 (mean unemployment spell of months); assumption") \
  X(long_unemployed_factor, "life.long_unemployed_factor", 0.6, "multiplier", 0, 1, false, \
    "Multiplies the hazard of finding work once unemployed for a year or more (long-term unemployment).", \
    "Bank of Korea Issue Note 2019 (Oh, Park & Kang), EAPS 2006-2019: monthly job-finding 53.0% for 2 months of search or less, 33.4% for 3 months or more (ratio 0.63); applied after a year, an assumption (range 0.3-1)") \
  X(graduate_employment, "life.graduate_employment", 0.5, "fraction", 0, 1, false, \
    "Share of students who are in work when they leave education (at 25); the rest start as job seekers.", \
    "KOSTAT Economically Active Population Survey, youth supplement May 2024: 47.7% of 15-29 graduates found a first job within 3 months, 30.0% took over a year (range 0.45-0.72: 27.9% of graduates not in work, May 2023)") \
  X(retirement, "life.retirement_per_year", 0.10, "per year", 0, 1, false, \
    "Annual hazard of retiring, employed agents aged 60 and over.", "Assumption") \
  X(bereavement, "life.bereavement_per_year", 0.03, "per year", 0, 1, false, \
    "Annual hazard of losing a close person, at age 50 (doubling every 15 years).", \
    "Assumption from Korean mortality of parents and spouses by age") \
  X(illness_onset, "life.illness_onset_per_year", 0.08, "per year", 0, 5, false, \
    "Annual hazard of an acute illness episode (doubled with chronic illness).", "Assumption") \
  X(illness_days, "life.illness_days", 21.0, "days", 1, 365, false, \
    "Mean length of an illness episode.", "Assumption") \
  X(moving, "life.moving_per_year", 0.12, "per year", 0, 1, false, \
    "Annual hazard of moving home (neighbour ties are lost).", \
    "Statistics Korea Domestic Migration Statistics 2023: Seoul mobility about 13% a year; higher for single households") \
  X(departure_factor, "life.departure_factor", 1.0, "multiplier", 0, 3, false, \
    "Multiplies each age band's annual hazard of leaving single-person households (moving in with a partner or family, or out of Seoul). The hazard is derived from the 2024 table: a band's net annual outflow read from the next band's count, less the model's mortality (docs/model.md, Households).", \
    "Assumption: the table read as a stationary population (Seoul Open Data Plaza 2024, scenarios/data); cohort sizes also differ by birth year, so the reading is approximate (range 0.5-2)") \
  X(mortality_at_50, "life.mortality_at_50", 0.0030, "per year", 0, 1, false, \
    "Annual probability of death at age 50 (Gompertz baseline).", \
    "Statistics Korea Life Tables 2022 (q50 about 0.0025), raised for single-person households") \
  X(mortality_slope, "life.mortality_slope", 0.085, "per year of age", 0, 0.2, false, \
    "Gompertz slope of mortality with age.", "Statistics Korea Life Tables 2022 (mortality doubles about every 8 years)") \
  X(male_mortality_ratio, "life.male_mortality_ratio", 1.6, "ratio", 1, 5, false, \
    "Male to female mortality ratio.", "Statistics Korea Life Tables 2022") \
  X(discovery_base, "death.discovery_base", 0.571, "per day", 0, 1, false, \
    "Daily chance a death is discovered without any contact (landlord, bills, smell).", "Assumption (prior: log-uniform over 0.02-0.9)") \
  X(unattended_days, "death.unattended_days", 3, "days", 1, 365, true, \
    "A death discovered this many days or more after it happened counts as unattended (godoksa).", \
    "Act on the Prevention and Management of Lonely Deaths (2021): death alone, body found after a certain period; 3 days used by Seoul studies")
// clang-format on

struct Parameters {
#define LONESIM_FIELD(field, name, def, unit, lo, hi, integer, desc, src) double field = def;
    LONESIM_PARAMETERS(LONESIM_FIELD)
#undef LONESIM_FIELD

    // Set by name; false if no such parameter.
    bool set(std::string_view name, double value);
    double get(std::string_view name) const;
    friend bool operator==(const Parameters&, const Parameters&) = default;
};

// The table (name, default, unit, range, description, source) of every parameter.
ParamTable parameter_table();

}  // namespace lonesim
