"""Casualty figures: toll grammar seen on fresh wire copy (written for these
classes of error, not copied from any benchmark item)."""

from __future__ import annotations

import pytest

from bot.classify import classify


def _figures(title: str, summary: str = "") -> tuple[int | None, int | None]:
    result = classify(title, summary)
    return result.killed, result.wounded


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        # "of/from one family": the family is who they were, not a group of one
        ("Four relatives from one family were killed in an air strike on Kunduz", "", 4),
        ("Militia says seven people from the same family, including a baby, were killed", "", 7),
        ("Three villagers of one family, among them two boys, were killed by shelling", "", 3),
    ],
)
def test_family_after_the_victims_keeps_their_number(title: str, summary: str, killed: int) -> None:
    assert _figures(title, summary)[0] == killed


@pytest.mark.parametrize(
    ("title", "killed"),
    [
        ("Seven personnel of the army and Frontier Corps (FC) were martyred in Kurram", 7),
        ("Four members of the police and Levies force were killed in Turbat ambush", 4),
        ("Two officers of the border police and National Guard were killed in rebel raid", 2),
    ],
)
def test_victims_of_two_named_forces_keep_their_number(title: str, killed: int) -> None:
    assert _figures(title)[0] == killed


@pytest.mark.parametrize(
    ("title", "killed"),
    [
        ("Militants storm checkpost, resulting in the martyrdom of five soldiers", 5),
        ("Attack on convoy leads to the martyrdom of three soldiers and a policeman", 4),
        ("Troops killed 12 terrorists while three soldiers embraced martyrdom in Waziristan", 15),
        ("Security forces killed at least nine militants while two soldiers were killed", 11),
    ],
)
def test_martyrdom_and_two_sides_of_one_clash(title: str, killed: int) -> None:
    assert _figures(title)[0] == killed


def test_religious_martyrdom_is_no_casualty() -> None:
    result = classify("Mourners mark the martyrdom of Imam Hussain in Karachi", "")
    assert "casualty_report" not in result.labels


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        (
            "According to the Syrian Observatory, at least eight fighters died in the clashes",
            "",
            8,
        ),
        ("", "According to the Lebanese army, four people were killed in the strike.", 4),
        ("", "According to the Iraqi ministry, six soldiers died near Kirkuk.", 6),
    ],
)
def test_a_source_named_by_nationality_is_no_victim(title: str, summary: str, killed: int) -> None:
    assert _figures(title, summary)[0] == killed


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        (
            "At least 20 soldiers were killed in an ambush in Mali, while another attack "
            "left dozens dead",
            "",
            20,
        ),
        (
            "Gunmen killed 14 villagers in Zamfara; a separate attack killed 30 in Katsina",
            "",
            14,
        ),
        (
            "Six policemen killed in militant attack on checkpoint",
            "In a separate attack, dozens of people died.",
            6,
        ),
    ],
)
def test_a_separate_attack_is_another_event(title: str, summary: str, killed: int) -> None:
    assert _figures(title, summary)[0] == killed


@pytest.mark.parametrize(
    ("title", "summary", "figures"),
    [
        (
            "A drone strike on a car in Khan Younis killed three people, while another strike "
            "near Rafah killed two, medics said.",
            "",
            (5, None),
        ),
        (
            "",
            "Shelling of a market in Donetsk left six dead and 11 injured, whereas another "
            "strike on a bus stop killed one and injured three others.",
            (7, 14),
        ),
    ],
)
def test_a_second_strike_in_the_same_sentence_adds(
    title: str, summary: str, figures: tuple[int | None, int | None]
) -> None:
    # both strikes are the news of one sentence; a vague one ("left dozens
    # dead") or one in a sentence of its own stays another event
    assert _figures(title, summary) == figures


@pytest.mark.parametrize(
    ("title", "summary", "wounded"),
    [
        (
            "Two killed, many injured in militia attack",
            "Two soldiers were killed and 31 others were injured in the attack.",
            31,
        ),
        (
            "Blast kills one, injures several in Quetta",
            "One person was killed and nine were injured by the blast.",
            9,
        ),
    ],
)
def test_a_vague_headline_rounds_the_summary_wounded(
    title: str, summary: str, wounded: int
) -> None:
    assert _figures(title, summary)[1] == wounded


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        (
            "Ukraine and Russia swap more than 900 soldiers' bodies",
            "Kyiv received the bodies of 909 fallen soldiers, officials said.",
            909,
        ),
        (
            "Israel returns nearly 90 bodies of Palestinians killed in Gaza",
            "The remains of 88 Palestinians killed in the war were handed over.",
            88,
        ),
    ],
)
def test_a_rounded_headline_body_count_restates_the_summary(
    title: str, summary: str, killed: int
) -> None:
    assert _figures(title, summary)[0] == killed


def test_a_larger_toll_elsewhere_includes_the_while_clause() -> None:
    title = "Militia leader killed by roadside bomb while two soldiers are killed in clashes"
    summary = "At least 40 people have been killed in the fighting over the past week."
    assert _figures(title, summary)[0] == 40


@pytest.mark.parametrize(
    "title",
    [
        "Israel resumed strikes in Gaza as a truce that had held for seven days came to an end",
        "Shelling resumed in Idlib after the ceasefire that had been in force since March expired",
        "Army resumes attacks as a humanitarian pause that had been in place for a week ends",
    ],
)
def test_fighting_after_a_truce_that_held_then_expired_is_no_violation(title: str) -> None:
    assert "ceasefire_violation" not in classify(title, "").labels


@pytest.mark.parametrize(
    "summary",
    [
        "Hamas officials met in Cairo to revive truce talks, which broke down without reaching "
        "an agreement.",
        "Negotiators left Doha after the ceasefire talks collapsed without securing a deal.",
        "Truce negotiations broke down before reaching a deal, mediators said.",
    ],
)
def test_talks_that_fail_to_reach_a_deal_break_no_truce(summary: str) -> None:
    result = classify("Egypt hosts delegation to revive Gaza ceasefire talks", summary)
    assert "ceasefire_violation" not in result.labels


def test_a_truce_broken_without_warning_is_still_a_violation() -> None:
    result = classify("Rebels broke the truce without warning, shelling Marib overnight", "")
    assert "ceasefire_violation" in result.labels


@pytest.mark.parametrize(
    ("title", "killed"),
    [
        (
            "Drone strike killed two farmers in Kherson, testing a truce meant to end years of war",
            2,
        ),
        (
            "Shelling killed a shepherd in south Lebanon, shaking a pause after a year of fighting",
            1,
        ),
    ],
)
def test_history_told_in_a_later_clause_leaves_the_toll(title: str, killed: int) -> None:
    result = classify(title, "")
    assert "casualty_report" in result.labels
    assert result.killed == killed


@pytest.mark.parametrize(
    "title",
    [
        "Rebel commander who was killed fifteen years ago reburied in Grozny",
        "Decades of war killed thousands in the valley, a new book says",
    ],
)
def test_history_in_the_harm_clause_is_no_report(title: str) -> None:
    assert "casualty_report" not in classify(title, "").labels


@pytest.mark.parametrize(
    "title",
    [
        "Myanmar fighting has claimed hundreds of lives, UN says",
        "Clashes in Sudan's El Fasher have claimed dozens of lives, medics say",
        "The war in Tigray has cost thousands of lives",
    ],
)
def test_a_vague_number_of_lives_claimed_is_a_casualty_with_no_figure(title: str) -> None:
    result = classify(title, "")
    assert "casualty_report" in result.labels
    assert (result.killed, result.wounded) == (None, None)


def test_lives_saved_are_no_casualty() -> None:
    assert "casualty_report" not in classify("Medics saved hundreds of lives in Gaza", "").labels


@pytest.mark.parametrize(
    ("title", "killed"),
    [
        ("Gaza death toll crosses 15,000, health ministry says", 15000),
        ("Death toll from Israeli strikes on Rafah soars to 67", 67),
        ("Death toll in Sudan's El Geneina fighting swells to 280", 280),
        ("Death toll from Russian missile strike on Dnipro nears 40", 40),
    ],
)
def test_more_verbs_of_a_rising_toll(title: str, killed: int) -> None:
    assert _figures(title)[0] == killed


@pytest.mark.parametrize(
    ("title", "summary", "figures"),
    [
        # a harm noun ends its group: "five fatalities and two injuries" wounds two
        ("Shelling of Kherson leaves three fatalities and four injuries", "", (3, 4)),
        ("Drone strike in Sumy caused two deaths and six injuries", "", (2, 6)),
        # "leaves" is the verb, not a noun of the group: "many" gives no figure
        ("Air raid on Rafah camp leaves many dead, medics say", "", (None, None)),
        ("Mortar attack on Mogadishu market leaves 12 dead", "", (12, None)),
    ],
)
def test_harm_nouns_and_verbs_end_a_group(
    title: str, summary: str, figures: tuple[int | None, int | None]
) -> None:
    assert _figures(title, summary) == figures


@pytest.mark.parametrize(
    ("title", "killed"),
    [
        # where the victims were, after whose they were
        ("At least 14 farmers of a village near Maiduguri in Borno were killed by jihadists", 14),
        ("Nine members of a militia in eastern Ituri were killed in an army raid", 9),
        # but a number there is a count of its own
        ("Two soldiers of the unit in Kharkiv were killed, three in Sumy were wounded", 2),
    ],
)
def test_a_place_between_the_victims_and_the_verb(title: str, killed: int) -> None:
    assert _figures(title)[0] == killed


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        # a toll told "a day after" the reported event is another day's
        (
            "Border clash in Tavush",
            "Armenia said Azerbaijani fire killed two of its soldiers, a day after four "
            "Azerbaijani troops were killed in the same area.",
            2,
        ),
        (
            "Ambush kills six police in Zamfara",
            "The attack came two weeks after 11 vigilantes were killed nearby.",
            6,
        ),
        # a month's tally beside the event's toll: the event's figure
        ("Dozen soldiers killed in Ghazni ambush", "Attacks have killed dozens this month.", 12),
    ],
)
def test_another_days_toll_is_not_added(title: str, summary: str, killed: int) -> None:
    assert _figures(title, summary)[0] == killed


@pytest.mark.parametrize(
    ("title", "killed"),
    [
        # a longer aside between the victims and their verb, closed by a comma or dash
        ("Four police officers, all members of a rapid reaction unit, were killed in Borno", 4),
        ("Two peacekeepers, a Nepali and a Ghanaian, were killed in Abyei", 2),
        ("Nine people, five of them children, were killed when a shell hit a school in Gaza", 9),
        ("Two Ukrainian soldiers - a sergeant and a private - were killed in Zaporizhzhia", 2),
    ],
)
def test_an_aside_between_the_victims_and_the_verb(title: str, killed: int) -> None:
    assert _figures(title)[0] == killed


def test_an_age_after_a_name_is_no_count() -> None:
    summary = "Officials said Ahmad Nuri, 60, a shopkeeper from Tanghdar, was killed by shelling."
    assert _figures("Shelling in Kupwara", summary)[0] != 60


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        # the war's toll beside the event's: the event's figure
        ("Israeli strike kills 3 in Rafah as war death toll nears 40,000", "", 3),
        ("Shelling kills five in Kherson; the overall toll has risen to 12,000", "", 5),
        # the war's toll alone is the figure
        ("Sudan war death toll passes 20,000, UN says", "", 20000),
    ],
)
def test_a_wars_toll_beside_the_events(title: str, summary: str, killed: int) -> None:
    assert _figures(title, summary)[0] == killed


@pytest.mark.parametrize(
    ("title", "figures"),
    [
        # when and then where, between the victims and their verb
        ("Three soldiers were on Tuesday in Kherson killed by Russian shelling", (3, None)),
        ("Two civilians were yesterday in Kharkiv wounded by a Russian drone", (None, 2)),
        # a place that opens another clause is no part of the victims' phrase
        ("Troops were in Kherson when Russian shelling killed two civilians", (2, None)),
    ],
)
def test_day_and_place_between_victims_and_verb(
    title: str, figures: tuple[int | None, int | None]
) -> None:
    assert _figures(title) == figures


@pytest.mark.parametrize(
    ("title", "killed"),
    [
        # an article in the phrases that say which toll it is
        ("The death toll from an Israeli airstrike on a town in Lebanon has risen to 10", 10),
        ("Death toll of the Russian missile strike on the hospital climbs to 9", 9),
        ("The death toll in the drone attack on a wedding in Darfur rose to 14", 14),
    ],
)
def test_toll_named_with_articles(title: str, killed: int) -> None:
    assert _figures(title)[0] == killed


@pytest.mark.parametrize(
    ("title", "figures"),
    [
        # "the number of dead/killed/wounded" names a toll, whose figure follows
        (
            "Israeli strike kills two, bringing the number of dead in the Gaza raid to 39",
            (39, None),
        ),
        ("The number of people killed in the missile strike on Dnipro has risen to 40", (40, None)),
        ("The number of wounded in the Russian strike on Kharkiv has risen to 25", (None, 25)),
        # a vague "number of" is no toll
        ("A number of people were killed in the shelling of Kherson", (None, None)),
        ("Three soldiers killed in Donbas; the number of dead is unknown", (3, None)),
    ],
)
def test_number_of_dead_names_a_toll(title: str, figures: tuple[int | None, int | None]) -> None:
    assert _figures(title) == figures


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        # fighters killed in the fight their attack began add to their victims
        (
            "Rebels kill five police in raid on a checkpoint",
            "Three insurgents were killed in the ensuing shootout, officials said.",
            8,
        ),
        ("Troops killed 12 militants in the gunfight near the border", "", 12),
        # a mixed group is one toll
        ("Five militants and two soldiers were killed in the shootout", "", 7),
    ],
)
def test_attackers_killed_in_the_shootout(title: str, summary: str, killed: int) -> None:
    assert _figures(title, summary)[0] == killed


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        # single people listed by their relation to the first: "his wife", "her son"
        ("Air strike on Idlib home", "The strike killed a teacher, his wife and his son.", 3),
        ("Shelling in Kharkiv", "A shell killed a woman, her daughter, and her neighbour.", 3),
        ("Sniper kills his brother", "", 1),
        # whose the first victim is, between the groups of one list
        (
            "Ambush in Borno",
            "Insurgents killed a driver working for the aid agency and three soldiers.",
            4,
        ),
        ("Raid in Gao", "Gunmen killed two guards at the checkpoint and a nurse on Monday.", 3),
        # a headline's list of single people, each named by a bare noun
        ("Soldier, porter killed in shelling along the Line of Control", "", 2),
        ("Palestinian journalist, driver killed in Gaza strike", "", 2),
        ("Mother, son, daughter killed as shell hits Donetsk home", "", 3),
        # a name or rank after the comma is the same person
        ("A soldier, Sergeant Ali Khan, was killed in Kupwara shelling", "", 1),
        ("Chechens vote for new leader, bomber kills self", "", 1),
    ],
)
def test_listed_single_victims_add_up(title: str, summary: str, killed: int) -> None:
    assert _figures(title, summary)[0] == killed


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        # the attackers killed in the fight their attack began add to their victims
        (
            "Checkpoint attack in Zabul",
            "Insurgents stormed a checkpoint, killing four soldiers. Officials said "
            "six militants were killed in the battle.",
            10,
        ),
        (
            "Raid on Borno base",
            "Jihadists attacked the base, killing three troops, and five insurgents "
            "were killed in the ensuing clashes.",
            8,
        ),
        # a mixed group in the fighting is the toll itself
        ("Clashes in Tigray", "Five soldiers and nine rebels were killed in the fighting.", 14),
    ],
)
def test_attackers_killed_in_the_fight_are_added(title: str, summary: str, killed: int) -> None:
    assert _figures(title, summary)[0] == killed


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        # the weekend's spate is another time's toll beside today's attack
        (
            "Bomb kills soldier in Pattani",
            "A soldier was killed by a roadside bomb today, the latest in a string of "
            "attacks that killed five people over the weekend.",
            1,
        ),
        # with no toll of its own, the weekend's is the figure
        ("Gunmen in Narathiwat killed five people over the weekend", "", 5),
    ],
)
def test_weekend_toll_beside_the_day_s_attack(title: str, summary: str, killed: int) -> None:
    assert _figures(title, summary)[0] == killed


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        # a month-first date's day and year are no victims
        (
            "Gunmen attack army post in Mali",
            "Bamako, Mar 14, 2024 Four soldiers and a gendarme were killed, the army said.",
            5,
        ),
        ("Militants ambush convoy in Somalia", "On October 9, 6 soldiers were killed.", 6),
        ("Insurgents strike patrol", "In January 2023 three policemen were killed near Kidal.", 3),
    ],
)
def test_a_date_before_the_victims_counts_no_one(title: str, summary: str, killed: int) -> None:
    assert _figures(title, summary)[0] == killed


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        # a sentence that opens on its span counts a cumulative toll
        (
            "Nine rebels killed in Ingushetia raid",
            "Security forces killed nine rebels on Monday. Since the start of the year, "
            "87 rebels have been killed in the region.",
            9,
        ),
        (
            "Drone strike kills four soldiers in Donbas",
            "So far, 312 soldiers have been killed on the northern front.",
            4,
        ),
        # the event's toll beats a war's, though both are tolls
        (
            "Death toll from Kharkiv missile strike rises to 23 as UN says 9,000 civilians killed "
            "since invasion",
            "The death toll from the strike on a shopping centre has risen to 23.",
            23,
        ),
    ],
)
def test_a_cumulative_toll_gives_way_to_the_event(title: str, summary: str, killed: int) -> None:
    assert _figures(title, summary)[0] == killed


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        # a headline that does not count its victims leaves the toll to the summary
        (
            "Al-Shabaab suicide bomber kills Somali soldiers in Baidoa",
            "The group claimed the attack on a base, leaving at least nine soldiers killed "
            "and 14 others wounded.",
            9,
        ),
        (
            "Boko Haram fighters kill Chadian troops on Lake Chad island",
            "Officials said 17 troops were killed in the overnight raid.",
            17,
        ),
    ],
)
def test_an_uncounted_headline_leaves_the_toll_to_the_summary(
    title: str, summary: str, killed: int
) -> None:
    assert _figures(title, summary)[0] == killed


@pytest.mark.parametrize(
    ("title", "killed", "wounded"),
    [
        # "no fewer than", "not less than": at least
        ("Bandits killed no fewer than 30 and injured 17 in Katsina raid", 30, 17),
        ("Militia killed not less than 40 civilians in Ituri", 40, None),
    ],
)
def test_no_fewer_than_is_at_least(title: str, killed: int, wounded: int | None) -> None:
    assert _figures(title) == (killed, wounded)


@pytest.mark.parametrize(
    ("title", "killed", "wounded"),
    [
        # "one more person, who had been wounded, died": the wounds are the dead's
        (
            "В больнице умер еще один человек, который получил ранения при обстреле Белгорода",
            1,
            None,
        ),
        ("У лікарні померла ще одна людина, яка зазнала поранень під час обстрілу Сум", 1, None),
        # one dead and one wounded apart stay two people
        ("При обстреле Горловки погиб один человек, один ранен", 1, 1),
    ],
)
def test_one_more_person_who_died_of_wounds_is_not_wounded(
    title: str, killed: int, wounded: int | None
) -> None:
    assert _figures(title) == (killed, wounded)


@pytest.mark.parametrize(
    ("title", "killed"),
    [
        ("Armenia returns 40 bodies of Azerbaijani soldiers killed in the clashes", 40),
        ("Kyiv receives 212 bodies of Ukrainian defenders killed near Bakhmut", 212),
        ("Sudan army hands back 17 corpses of RSF fighters killed in Omdurman", 17),
    ],
)
def test_bodies_inside_a_counted_toll_are_its_own_words(title: str, killed: int) -> None:
    # "bodies of Azerbaijani soldiers" lies inside "40 bodies of ... killed": no second toll
    assert _figures(title)[0] == killed


@pytest.mark.parametrize(
    ("title", "summary", "killed", "wounded"),
    [
        # a clause joined by ", and" with victims of its own adds them
        (
            "Shelling hits Kharkiv suburb",
            "Two rescuers were killed and five wounded in the strike, and a passer-by was"
            " hurt by flying glass, the regional governor said.",
            2,
            6,
        ),
        (
            "Ambush on convoy in Tillaberi",
            "Six gendarmes were killed in the ambush, and a driver died later in hospital,"
            " the ministry said.",
            7,
            None,
        ),
        # the same victims told twice in two sentences stay one toll
        (
            "Three soldiers killed in Donbas",
            "Three soldiers were killed by artillery fire. Three soldiers died, the army said.",
            3,
            None,
        ),
    ],
)
def test_a_joined_clause_adds_its_victims(
    title: str, summary: str, killed: int, wounded: int | None
) -> None:
    assert _figures(title, summary) == (killed, wounded)


@pytest.mark.parametrize(
    ("title", "killed", "wounded"),
    [
        # "the number of <victims> <killers> have killed": the killers between the
        # count's noun and its verb
        ("The number of civilians RSF fighters have killed in El Fasher rose to 460", 460, None),
        ("Officials put the number of villagers the militia killed in the raid at 38", 38, None),
        ("The number of soldiers the rebels wounded in the clashes has reached 52", None, 52),
    ],
)
def test_the_number_killed_by_someone_is_a_toll(
    title: str, killed: int | None, wounded: int | None
) -> None:
    assert _figures(title) == (killed, wounded)


@pytest.mark.parametrize(
    ("title", "killed", "wounded"),
    [
        # a dotted abbreviation ("U.N.", "U.S.") is one word of the group
        ("Car bomb kills four U.N. peacekeepers and two Malian soldiers in Gao", 6, None),
        ("Houthi missile kills two U.S. sailors and a Filipino crewman in Red Sea", 3, None),
        # ... and no sentence end inside an aside
        ("Eleven people, including a U.K. aid worker, were injured in Zaporizhzhia", None, 11),
        ("Five civilians, among them a U.S. citizen, were killed in Kharkiv shelling", 5, None),
    ],
)
def test_a_dotted_abbreviation_stays_in_its_group(
    title: str, killed: int | None, wounded: int | None
) -> None:
    assert _figures(title) == (killed, wounded)


@pytest.mark.parametrize(
    ("title", "killed"),
    [
        # a toll revised "down to" a figure
        ("Ethiopia revises Tigray market bombing death toll down to 38", 38),
        ("Authorities revise death toll down to about 60 after recount in Kharkiv", 60),
    ],
)
def test_a_toll_revised_down_to_a_figure(title: str, killed: int) -> None:
    assert _figures(title)[0] == killed


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        # a name set before its description, then "was killed": one person
        (
            "Drone strike hits Kherson market",
            "Oleksandr, a 23-year-old volunteer paramedic from Mykolaiv, was killed, the"
            " regional governor said.",
            1,
        ),
        (
            "Militia fighters storm El Fasher camp",
            "Ahmed Saleh, a teacher and father of four, was shot dead at the gate.",
            1,
        ),
        # a cumulative toll in the title gives way to the one victim reported
        (
            "31 civilians killed in Kherson since the truce",
            "Iryna, a nurse at the city hospital, was killed in a drone strike on Monday.",
            1,
        ),
        # the people named before "were" are a group of no given number
        (
            "Drone strike hits Kherson market",
            "Vendors, many of them elderly women, were killed in the strike.",
            None,
        ),
    ],
)
def test_a_named_person_described_between_commas_is_one(
    title: str, summary: str, killed: int | None
) -> None:
    assert _figures(title, summary)[0] == killed


@pytest.mark.parametrize(
    ("title", "killed"),
    [
        # a village headman is one person
        ("Bandits kill village headman in Zamfara raid", 1),
        ("Village headman and his wife shot dead by insurgents in Yala", 2),
    ],
)
def test_a_village_headman_is_one_person(title: str, killed: int) -> None:
    assert _figures(title)[0] == killed


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        # the toll of a wave of violence the event belongs to is no event's toll
        (
            "Un bombardement a tué 8 personnes dans la ville",
            "Cette frappe s’inscrit dans une vague de violences qui a fait plus de 90 morts en un"
            " mois.",
            8,
        ),
        (
            "Au moins 40 policiers sont morts dans deux embuscades dans l'est",
            "Les attaques attribuées aux rebelles ont fait, dans le pays, plus de 300 morts depuis"
            " début mars.",
            40,
        ),
        # with no toll of its own, the wave's toll is the figure
        ("Soudan : des violences qui ont fait 12 morts secouent El-Facher", "", 12),
    ],
)
def test_a_french_wave_or_campaign_toll_is_cumulative(
    title: str, summary: str, killed: int
) -> None:
    assert _figures(title, summary)[0] == killed


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        # several place phrases, one inside/near/against, and a time before the verb
        (
            "Toll rises in Kabul",
            "The death toll from Tuesday's blast at a shrine inside a market in the old city "
            "of Kabul has risen to 31, with nine more bodies found, police said.",
            31,
        ),
        (
            "Aleppo toll climbs",
            "The death toll from the barrel bombs on a bakery near a school in eastern Aleppo "
            "a day earlier has risen to 52, rescuers said.",
            52,
        ),
        (
            "Death toll due to the offensive against the rebels in Goma has risen to 63",
            "Army spokesman said 12 more rebels were killed on Friday.",
            63,
        ),
        # "climbed from X to Y": the later figure is the toll
        (
            "Kharkiv toll climbs",
            "The death toll from Russian missile strikes on Kharkiv climbed from 18 to 23, "
            "the regional governor said.",
            23,
        ),
    ],
)
def test_a_toll_after_a_long_place_phrase(title: str, summary: str, killed: int) -> None:
    assert _figures(title, summary)[0] == killed


@pytest.mark.parametrize(
    ("title", "killed"),
    [
        # "44, 31 of whom were fighters": a part of the toll, not more dead
        ("Death toll in Mosul clashes rises to 27, 19 of whom were militants", 27),
        ("Death toll from the Donetsk market strike rises to 15, nine of whom were pensioners", 15),
    ],
)
def test_a_part_of_the_toll_after_a_comma_is_not_added(title: str, killed: int) -> None:
    assert _figures(title)[0] == killed


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        # a running death toll counts those "also killed" that the item names
        (
            "Death toll from strikes on Kharkiv rises to 47",
            "Three rescuers were also killed when a second missile hit the site, officials said.",
            47,
        ),
        (
            "The death toll from the siege of the hotel in Mogadishu has risen to 21",
            "Two police officers were also killed, the interior ministry said.",
            21,
        ),
    ],
)
def test_those_also_killed_are_inside_a_running_toll(title: str, summary: str, killed: int) -> None:
    assert _figures(title, summary)[0] == killed
