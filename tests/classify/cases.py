"""Hand-written items for the rule tables: (id, title, summary, labels).

Written for these tests from many conflicts; none is copied from the dev set.
Label sets use the short names V, D and C for readability.
"""

from __future__ import annotations

V, D, C = "ceasefire_violation", "diplomatic_move", "casualty_report"

Case = tuple[str, str, str, frozenset[str]]


def case(case_id: str, title: str, summary: str, *labels: str) -> Case:
    return case_id, title, summary, frozenset(labels)


VIOLATION_CASES: list[Case] = [
    # a truce disrupted by attacks is a truce broken
    case(
        "shelling-disrupts-truce",
        "Artillery fire disrupts Idlib truce as Turkish convoy comes under attack",
        "",
        V,
    ),
    case(
        "raids-that-disrupted-a-ceasefire",
        "Juba and SPLA-IO to meet in Addis Ababa",
        "Envoys will meet after raids near Yei that disrupted a week-old ceasefire.",
        V,
        D,
    ),
    # a truce reneged on is a truce broken
    case(
        "side-reneges-on-truce",
        "Kachin rebels accuse the junta of reneging on the ceasefire",
        "",
        V,
    ),
    case("reneged-on-truce-terms", "Houthis say the coalition reneged on truce terms", "", V),
    # a truce defied is a truce broken
    case(
        "fighters-defy-truce-and-shell",
        "Houthi fighters defy Hodeidah truce and shell government positions",
        "",
        V,
    ),
    case(
        "troops-defied-ceasefire-by-attacking",
        "Fresh clashes in South Kordofan",
        "The SPLM-N said government troops had defied the ceasefire by attacking its "
        "positions near Dilling on Sunday.",
        V,
    ),
    # a truce declared a failure is reported broken, not made: no move
    case(
        "truce-declared-a-failure",
        "Yerevan declares Nagorno-Karabakh ceasefire a failure after overnight shelling",
        "",
        V,
    ),
    case(
        "truce-declared-a-sham",
        "Bogota declares the guerrillas' holiday truce a sham after a pipeline bombing",
        "",
        V,
    ),
    # a party that says it keeps the truce puts it in force: the other side's
    # attacks then break it (but keeping it with no attack reported is no breach)
    case(
        "observing-truce-while-other-side-shells",
        "Armenia says it is observing the truce, Azerbaijan keeps shelling border villages",
        "",
        V,
    ),
    case(
        "respecting-ceasefire-while-army-bombs",
        "Rebels: we are respecting the ceasefire while the army bombs our positions",
        "",
        V,
    ),
    case(
        "honouring-truce-no-attack",
        "Army says it is honouring the truce",
        "",
    ),
    # a truce said to be over has ended, as one that expired: no breach told,
    # and fighting after it is no violation
    case(
        "truce-period-is-over",
        "Ethiopian army says the humanitarian truce period is over",
        "",
    ),
    case(
        "truce-is-over-as-shelling-resumes",
        "Truce is over, says army, as shelling resumes in Tigray",
        "",
    ),
    # a truce that has not yet taken effect is not in force: fighting before it
    # breaks nothing
    case(
        "truce-does-not-take-effect-until",
        "Heavy fighting in Donbas as the truce does not take effect until Sunday",
        "",
    ),
    case(
        "ceasefire-not-yet-in-force",
        "Shelling goes on in Idlib; the ceasefire has not yet come into force",
        "",
    ),
    # in a violation report, the order that made the broken truce is its past
    case(
        "ordered-truce-is-past-of-breach",
        "Myanmar junta jets bomb villages despite quake truce, rebels say",
        "The military had ordered a temporary ceasefire after the earthquake, but rebel "
        "groups said its jets bombed two villages on Tuesday.",
        V,
    ),
    # attacks "threatening to undermine" a truce harm it: no mere plan
    case(
        "attacks-threatening-to-undermine-truce",
        "Rebels shell army posts near Kidal, threatening to undermine a fragile "
        "Algiers-brokered truce",
        "",
        V,
    ),
    # strikes that cast doubt on a truce in force wear it down
    case(
        "strike-casting-doubt-on-truce",
        "Drone strike hits Marib market, casting fresh doubt on the two-week-old truce",
        "",
        V,
    ),
    # a headline's bare "fail" after the truce is a breach ...
    case(
        "sides-trade-blame-as-truce-fail",
        "Ethiopia, Tigray forces trade blame as Mekelle ceasefire fail",
        "",
        V,
    ),
    # ... but efforts to broker one that fail are no breach: none was made
    case(
        "efforts-to-broker-truce-fail",
        "Clashes rage in Tripoli suburbs as efforts to broker a ceasefire in the capital fail",
        "",
        D,
    ),
    # a truce only sought after "amid" or "despite" is not in force
    case(
        "amid-proposals-for-truce",
        "Shelling goes on in Donetsk amid proposals for a Christmas ceasefire",
        "",
    ),
    case("amid-calls-for-truce", "Fighting rages in El Fasher amid calls for a truce", "", D),
    case(
        "amid-truce-talks", "Heavy fighting in Marib amid ceasefire negotiations in Muscat", "", D
    ),
    case("amid-truce-in-force", "Shelling reported in Marib amid the ceasefire", "", V),
    # neither side keeping the truce breaks it
    case(
        "neither-side-respected-truce",
        "Neither side has respected the Idlib truce, monitors say",
        "",
        V,
    ),
    case("neither-party-observed-truce", "Neither party observed the truce in Marib", "", V),
    # "under fire after the truce": an act is what the town is under, no step of the deal
    case(
        "under-fire-after-truce",
        "Stepanakert under attack hours after ceasefire deal",
        "",
        V,
    ),
    case(
        "under-heavy-fire-hours-after-truce",
        "Stepanakert came under heavy fire just hours after the ceasefire took effect",
        "",
        V,
    ),
    # attacks that mar or spoil a truce in force, or put it in danger of collapse
    case(
        "attack-mars-truce",
        "Ambush on army patrol mars the holiday truce in Mindanao",
        "",
        V,
    ),
    case("violence-spoils-truce", "Shelling spoils Easter truce in Donetsk", "", V),
    case(
        "truce-in-danger-of-collapse",
        "Fighting flares in Tripoli",
        "Heavy shelling returned to the southern suburbs, putting the fragile ceasefire in "
        "danger of collapse.",
        V,
    ),
    case(
        "truce-in-danger-of-collapse-no-act",
        "Analysts say the Yemen ceasefire is in danger of collapse",
        "",
    ),
    # breaches of truces gone by are the war's history
    case(
        "successive-truces-violated",
        "Clashes in Khartoum as generals meet in Jeddah",
        "Several earlier truces have all been violated within hours.",
    ),
    case(
        "previous-truce-collapsed",
        "Fresh Sudan peace talks open in Jeddah",
        "The previous truce collapsed in May, mediators said.",
        D,
    ),
    # a truce yet to come is not in force: clashes before it are no breach
    case(
        "clashes-before-upcoming-truce",
        "Clashes in Omdurman hours after the generals agreed to an upcoming ceasefire",
        "The army and the RSF signed the deal in Jeddah.",
        D,
    ),
    # a breach asked about, or only impending, is analysis
    case("is-truce-about-to-collapse", "Is the truce in Hodeidah about to collapse?", ""),
    case("has-the-truce-failed", "Has the Karabakh ceasefire already failed?", ""),
    case("truce-likely-to-unravel", "Analysts say the Tigray truce is likely to unravel", ""),
    case("truce-unravels", "The Tigray truce unravels as fighting resumes", "", V),
    # firing on someone while a truce is in force
    case(
        "firing-on-aircraft-in-truce",
        "Militia accused of firing on UN helicopter during truce",
        "",
        V,
    ),
    # a perfect tense of not keeping the terms
    case("have-not-abided-by-truce", "Rebels have not abided by the truce, Kinshasa says", "", V),
    case(
        "never-complied-with-truce",
        "Army says the militia never complied with the Eid truce in Taiz",
        "",
        V,
    ),
    case(
        "accusation",
        "M23 accuses Congolese army of violating Luanda truce",
        "The rebel group said government drones struck its positions near Sake.",
        V,
    ),
    case("denial-answers-accusation", "Kinshasa denies breaching ceasefire with rebels", "", V),
    case(
        "despite-truce",
        "Artillery fire reported in northern Shan despite China-brokered truce",
        "",
        V,
    ),
    case(
        "hours-after-truce",
        "Clashes erupt in Mogadishu hours after truce between clan militias",
        "",
        V,
    ),
    case(
        "since-truce-took-effect",
        "Sporadic gunfire in Rakhine state capital",
        "Since the truce took effect on Monday, residents of Sittwe have reported gunfire "
        "and mortar rounds landing near the port.",
        V,
    ),
    case("first-attack-since-truce", "Drone attack on Kismayo base is first since truce", "", V),
    case("during-truce", "Rebel sniper fire during Ramadan truce, army says", "", V),
    case(
        "truce-collapses",
        "Christmas truce between army and NPA guerrillas collapses",
        "The military said rebels ambushed a patrol in Samar.",
        V,
    ),
    case("ends-truce", "ELN ends ceasefire, bombs pipeline in Arauca", "", V),
    case(
        "deal-breach-with-attack",
        "Army says rebels shelled its posts in breach of peace accord",
        "",
        V,
    ),
    case(
        "hedge-does-not-cancel-attack",
        "Truce in Amhara largely holding, though drone strike hits market town",
        "",
        V,
    ),
    case(
        "battle-without-truce",
        "Army and ELN fighters clash in Arauca",
        "",
    ),
    case(
        "announced-truce-is-diplomacy", "PKK declares unilateral ceasefire before elections", "", D
    ),
    case(
        "extended-truce-is-diplomacy",
        "Sudan's warring parties extend humanitarian truce",
        "The army and the RSF agreed to another 72 hours, the mediators said.",
        D,
    ),
    case(
        "no-violations-recorded",
        "No ceasefire violations recorded in Kivu since Sunday",
        "",
    ),
    case(
        "truce-holding-no-attack",
        "Myanmar truce largely holding, junta says",
        "No clashes were reported overnight in the northern states.",
    ),
    case(
        "could-collapse",
        "Observers fear Colombia truce could collapse",
        "",
    ),
    case(
        "dated-since-is-history",
        "Heaviest fighting in the highlands in years",
        "The clashes are the worst since the 1996 ceasefire, residents said.",
    ),
    case(
        "political-breach-without-attack",
        "Opposition says new election law breaches peace accord",
        "",
    ),
    case(
        "human-rights-violations",
        "UN report details human rights violations in Papua",
        "",
    ),
    case(
        "court-order-violation",
        "Developer fined for violation of court order on wetland",
        "",
    ),
    case(
        "airspace-violation",
        "Airline fined after jet violated restricted airspace",
        "",
    ),
    case("tax-violations", "Retail chain accused of tax violations", ""),
    case(
        "sports-truce",
        "Rival football clubs reach truce over transfer window dispute",
        "",
    ),
    case(
        "labour-truce",
        "Dock workers' union and port operator reach truce in pay row",
        "",
    ),
    case(
        "threat-to-end-truce",
        "Militia threatens to end truce if aid deliveries stall",
        "",
    ),
    # a breach in a relative clause is about the agreement before it; in an
    # item that names a truce, that agreement is the truce
    case(
        "breach-in-relative-clause",
        "Government quits 2015 truce with the insurgents",
        "Ministers said they would end the accord, which the rebels have violated repeatedly.",
        V,
    ),
    # a truce that teeters or is on the verge of collapse is endangered: a
    # breach with an act, not without
    case("killed-as-truce-teeters", "Three policemen killed in Kashmir as truce teeters", "", V, C),
    case(
        "shelling-truce-on-verge-of-collapse",
        "Rebels shell villages as Donbas truce is on the verge of collapse",
        "",
        V,
    ),
    case("truce-teetering-no-act", "Nagorno-Karabakh truce teetering, mediators warn", "", D),
    # a truce that opens its sentence is the subject of "under strain" far after it
    case(
        "opening-truce-under-severe-strain",
        "Mortar fire erupts in Aden",
        "A ceasefire central to the fragile calm in the southern port city was under severe "
        "strain on Friday.",
        V,
    ),
    case(
        "opening-truce-under-strain-no-act",
        "Talks resume in Doha",
        "A ceasefire crucial to the region's recovery was under strain, officials said.",
        D,
    ),
    # a truce cut short, spelt open
    case("short-lived-unhyphenated", "Short lived ceasefire in Tripoli", "", V),
    # a truce a party only declares ended is its decision, not a breach; acts
    # after it ended came once it was gone ...
    case(
        "party-ends-its-truce",
        "FARC guerrillas end unilateral ceasefire with Bogota",
        "The rebel group said the government had ignored its demands.",
    ),
    case(
        "party-ending-truce-hostilities-may-resume",
        "Moro rebels ending ceasefire with Manila",
        "Hostilities may resume within days, a commander said.",
    ),
    # attacks only warned of are a threat, not an act
    case(
        "party-ends-truce-warns-of-attacks",
        "Tamil Tigers end their truce with Colombo, warn of attacks on all fronts",
        "",
    ),
    case(
        "party-ends-truce-warns-foe-of-attacks",
        "Houthis end truce with Riyadh",
        "The movement said it ended the truce at midnight and warned the Saudi-led coalition "
        "of new attacks on its cities.",
    ),
    case("ends-truce-warns-of-attacks", "ELN ends ceasefire, warns Bogota of attacks", ""),
    case(
        "ends-truce-with-act-and-warning",
        "ELN ends ceasefire, bombs pipeline; army warns of more attacks",
        "",
        V,
    ),
    case(
        "acts-days-after-truce-ended",
        "Two policemen wounded as Shining Path rebels raid villages",
        "The attacks came weeks after the guerrillas ended a six-month truce, officials said.",
        C,
    ),
    # ... but one declared over with an act breaks it (the declaration itself
    # is a party's decision on the war, no diplomatic move), and the dead truce
    # is no casualty
    case(
        "attack-declaring-truce-dead",
        "Rebel commanders shell Kidal, declaring the Algiers ceasefire dead",
        "",
        V,
    ),
    case(
        "attack-declare-truce-over",
        "Tuareg rebels attack army post in Mali, declare truce over",
        "",
        V,
    ),
    case(
        "ending-the-long-named-truce",
        "Shelling resumes in Saada",
        "The barrage came a day after clashes erupted, ending the two-month nationwide truce.",
        V,
    ),
    case(
        "intransitive-halt-is-not-a-breach",
        "Guns fall silent across the Donbas as the Easter truce takes effect",
        "Both sides announced the truce on Friday.",
        D,
    ),
    case(
        "ordinal-day-of-truce",
        "Rebels attacked a police post on the third day of the Ramadan truce, officials say",
        "",
        V,
    ),
    case(
        "truce-taking-effect-is-the-setting",
        "Truce takes hold in Sudan as paramilitaries shell El Obeid",
        "",
        V,
    ),
    case(
        "declared-in-relative-clause-is-background",
        "Rebels accuse army of breaching their truce",
        "The armed group, which declared a unilateral ceasefire in May, said troops shelled "
        "its posts.",
        V,
    ),
    case("ends-its-truce", "IRA ends its 17-month ceasefire with London bomb", "", V),
    case(
        "silence-before-a-truce-is-no-breach",
        "Guns fall silent in Nagorno-Karabakh as truce begins",
        "Both sides announced the truce on Friday.",
        D,
    ),
    case(
        "end-the-fighting-is-no-breach",
        "Both sides agreed to end the fighting and observe a truce",
        "",
        D,
    ),
    case(
        "truce-broken-in-relative-clause",
        "Army says truce, which rebels broke on Sunday, is over",
        "",
        V,
    ),
    case(
        "other-deal-broken-is-not-the-truce",
        "Truce talks stall as Russia accuses Ukraine of violating grain deal",
        "",
        D,
    ),
    # a truce named with its place or parties, then its verb: the truce is the subject
    case(
        "truce-with-place-collapsed",
        "The truce in the border town and the villages around it collapsed overnight",
        "",
        V,
    ),
    case(
        "truce-between-parties-shaken",
        "A ceasefire deal between the two armies was shaken as artillery duels resumed",
        "",
        V,
    ),
    # a truce that is the object of talks is not what fails
    case("talks-on-truce-fail", "Talks on the ceasefire in Darfur fail to make progress", "", D),
    case("truce-with-place-could-collapse", "The truce in the north could collapse soon", ""),
    # a breach noun reaches its truce past a date and its brokers
    case(
        "breach-of-dated-brokered-truce",
        "Drone strike on a car is a clear breach of the 2024 Qatari-mediated ceasefire",
        "",
        V,
    ),
    case(
        "quoted-breach-of-truce", 'Officials call the raid a "grave violation" of the truce', "", V
    ),
    case(
        "breach-of-rights-during-truce-no-reach",
        "Rights group lists breach of press freedom rules in the capital",
        "",
    ),
    # a truce failing to hold has broken down
    case("truce-fails-to-hold", "Eid truce failed to hold as clashes erupted in Taiz", "", V),
    case("deal-fails-to-hold-back", "Trade deal fails to hold back prices", ""),
    # "Nov. 24" goes on in its sentence: the truce's terms there are its setting
    case(
        "short-month-keeps-truce-setting",
        "Shelling hits Rafah despite the humanitarian pause",
        "The pause had begun on Nov. 24 as part of an agreement to halt the fighting for the "
        "release of hostages.",
        V,
    ),
    # fighting that calms, eases or dies down after a truce is no breach of it
    case("fighting-calms-after-truce", "Fighting calms in Tripoli after ceasefire announced", ""),
    case(
        "fighting-subsides-after-truce",
        "Fighting in the northern town of Kadugli subsided hours after the truce took effect",
        "",
    ),
    case("clashes-died-down", "Clashes died down in Khartoum as the truce began", ""),
    case(
        "shelling-went-on-after-truce",
        "Shelling of the city went on for hours after the truce took effect",
        "",
        V,
    ),
    # a comma between two adjectives of the truce does not part it from its verb
    case(
        "violated-fragile-week-old-truce",
        "Rebels violated a fragile, week-old truce in Darfur",
        "",
        V,
    ),
    case(
        "shelling-threatens-shaky-mediated-truce",
        "Shelling threatens the shaky, Turkish-mediated ceasefire in Idlib",
        "",
        V,
    ),
    case(
        "violated-rules-truce-in-doubt",
        "Rebels violated the rules, humanitarian truce in doubt",
        "",
    ),
    # an act called a blow to a truce, or said to raise fears for it, wears it down
    case(
        "shelling-a-blow-to-truce",
        "Shelling of Kharkiv deals a fresh blow to the Easter truce",
        "",
        V,
    ),
    case(
        "killings-raise-fears-for-truce",
        "Two soldiers killed in Kupwara raise fears for LoC ceasefire",
        "",
        V,
        C,
    ),
    case("fears-for-truce-no-act", "Fears for Yemen truce as Saudi delegation leaves Sanaa", "", D),
    case("ruling-a-blow-to-truce-opponents", "Court ruling a blow to ceasefire opponents", ""),
    # an attack that harms efforts to keep a truce endangers the truce; efforts
    # only to reach one put none in force; the efforts are no move either
    case(
        "attack-undermines-efforts-to-extend-truce",
        "Rebel attack kills ten soldiers near Taiz",
        "The government called the attack an attempt to undermine efforts to extend or renew "
        "the humanitarian truce.",
        V,
        C,
    ),
    case(
        "strikes-undermine-efforts-to-sustain-truce",
        "Airstrikes undermine efforts to sustain the ceasefire in Idlib",
        "",
        V,
    ),
    case(
        "shelling-threatens-efforts-to-reach-truce",
        "Shelling threatens efforts to reach a truce in Sudan",
        "",
    ),
    case(
        "envoy-leads-efforts-to-extend-truce",
        "UN envoy leads efforts to extend the truce in Yemen",
        "",
        D,
    ),
    # a truce cut short, or one that never stopped the fighting, was broken
    case(
        "truce-comes-to-abrupt-end",
        "The two-week lull of the Idlib truce came to an abrupt end as jets struck Saraqeb",
        "",
        V,
    ),
    case("truce-ended-abruptly", "Marib truce ended abruptly with shelling overnight", "", V),
    case("short-lived-truce", "Short-lived ceasefire in Tripoli as militias trade fire", "", V),
    case("truce-lasted-less-than", "Karabakh truce lasted less than an hour, Yerevan says", "", V),
    case(
        "truce-has-not-stopped-the-fighting",
        "Darfur ceasefire has not stopped the fighting, aid groups say",
        "",
        V,
    ),
    case("truce-fails-to-halt-clashes", "New truce fails to halt clashes in Mogadishu", "", V),
    # undermining the truce itself is an accusation of breaking it
    case(
        "accused-of-undermining-truce",
        "Kyiv accuses Moscow of undermining the Black Sea ceasefire",
        "",
        V,
    ),
    case(
        "explainer-undermining-truce",
        "What next for Hodeidah?",
        "How the coalition is undermining the fragile truce with new checkpoints.",
        V,
    ),
    case("could-undermine-truce", "The vote could undermine the truce, analysts say", ""),
    case("shelling-undermines-truce-talks", "Shelling undermines truce talks in Doha", ""),
    # a truce that crumbles or is not respected is broken; one barely holding
    # or in jeopardy is endangered by the act that the item reports
    case("truce-crumbles", "Generals trade blame as the Jeddah truce crumbles", "", V),
    case("truce-not-respected", "Rebels say the army has not respected the ceasefire", "", V),
    case("truce-not-been-observed", "The Eid truce has not been observed, monitors say", "", V),
    case("truce-respected", "The Eid truce has been respected since Sunday, monitors say", ""),
    case(
        "truce-barely-holding-as-shelling",
        "Truce between the army and the SPLA barely holding as shelling resumes",
        "",
        V,
    ),
    case("truce-barely-holding-alone", "Ceasefire barely holding in Hodeidah", ""),
    case(
        "truce-in-jeopardy-after-strike",
        "Lebanon truce in jeopardy after an Israeli drone strike kills three",
        "",
        V,
        C,
    ),
    case(
        "talks-in-jeopardy",
        "Talks on a truce in jeopardy as the sides trade barbs",
        "",
    ),
    # a truce being extended is in force: an attack alongside it breaches it
    case(
        "strike-as-envoy-confirms-extending-truce",
        "Hodeidah truce prolonged",
        "As coalition jets struck a market in Saada, the envoy confirmed extending "
        "the truce for another month.",
        V,
        D,
    ),
    case(
        "talks-on-extending-truce-as-shelling",
        "Talks on extending the truce go on as shelling hits Marib",
        "",
        D,
    ),
    # a truce that opens its sentence is the subject of a verb past a phrase on
    # how it was made, by whom or to what end
    case(
        "opening-truce-pact-has-not-stopped-fighting",
        "Clashes in Upper Nile",
        "A lasting truce deal signed between President Kiir and opposition leader Machar "
        "has not stopped the fighting in the north, the UN says.",
        V,
    ),
    case(
        "opening-truce-aimed-at-halting-shaken",
        "NEW DELHI - A truce agreement between the two armies aimed at halting the border "
        "clashes was shaken overnight as exchanges of fire were reported",
        "",
        V,
    ),
    case(
        "opening-truce-talks-collapsed",
        "The ceasefire talks mediated by Qatar between the two sides collapsed on Monday",
        "",
        D,
    ),
    # a breach only warned of or imagined is none
    case("respond-to-any-violation", "Army will respond to any violation of the Marib truce", ""),
    case("warns-against-violating", "Ankara warns Damascus against violating the Idlib truce", ""),
    case("future-violations", "Monitors to report future ceasefire violations in Donbas", ""),
    case("accused-of-violations", "Army says rebels carried out 30 ceasefire violations", "", V),
    # a truce that ends on schedule was not broken
    case("pause-came-to-an-end", "The humanitarian pause in Mosul came to an end on Friday", ""),
    # a party urged to keep a truce has one in force: an attack told with the
    # plea (or as what it follows) breaks it; a plea alone, or a truce only
    # agreed to be kept from a later day, is no breach
    case(
        "urged-to-respect-truce-after-mortar-fire",
        "Envoy condemns mortar fire on Hodeidah port, urges both sides to respect the truce",
        "",
        V,
        D,
    ),
    case(
        "urged-to-observe-ceasefire-after-ambush",
        "AU urges rebels to observe the ceasefire after ambush on convoy in Darfur",
        "",
        V,
        D,
    ),
    case(
        "called-on-to-uphold-truce-shelling-reported",
        "Mediators call on the army and the SPLA-IO to uphold the truce",
        "Monitors reported shelling near Yei on Saturday.",
        V,
        D,
    ),
    case(
        "urged-to-respect-truce-no-act",
        "Pope urges warring sides in Yemen to respect the truce",
        "",
    ),
    case(
        "agreed-to-respect-truce-from-monday",
        "Both sides agreed to respect a truce from Monday",
        "Heavy shelling hit Donetsk on Sunday.",
        D,
    ),
    # a truce declared or announced, after "despite", is one made
    case(
        "despite-declared-truce",
        "Shelling hits Mariupol despite Moscow's declared truce",
        "",
        V,
    ),
    # a truce that ends early or is cut short is broken (but one that ended
    # "early Sunday" ran out at that hour)
    case(
        "truce-ends-early-as-attacks",
        "Eid truce in Afghanistan ends early as Taliban attack checkpoints",
        "",
        V,
    ),
    case("truce-cut-short", "Ramadan truce in Yemen cut short by Houthi drone strikes", "", V),
    # arson by armed men in a truce in force is an act that breaks it
    case(
        "villages-torched-days-after-truce",
        "Paramilitaries torched villages in Darfur days after the humanitarian truce",
        "",
        V,
    ),
    case(
        "homes-set-on-fire-despite-ceasefire",
        "Militiamen set fire to homes near Bunia despite the ceasefire",
        "",
        V,
    ),
    case(
        "truce-ended-early-sunday",
        "The holiday truce in Colombia ended early Sunday, as planned, the army said",
        "",
    ),
    # a war's toll told as background is the harm the truce was meant to end,
    # no act in it: the war as the killer, a toll no single breach has, or
    # fighting told before the truce (an act beside it still breaks the truce)
    case(
        "conflict-toll-as-truce-takes-hold",
        "Kashmir ceasefire takes hold along the Line of Control",
        "The three-week conflict killed 40 soldiers and 12 civilians on both sides.",
        D,
        C,
    ),
    case(
        "war-that-has-killed-truce-extended",
        "Tigray truce extended by two months",
        "Both sides agreed to prolong the pause in a war that has killed hundreds of thousands.",
        D,
        C,
    ),
    case(
        "thousands-killed-truce-renewed",
        "Yemen ceasefire renewed for two more months",
        "More than 150,000 people have been killed in the fighting since 2015.",
        D,
        C,
    ),
    case(
        "fighting-has-killed-truce-holding",
        "Khartoum truce largely holding, residents say",
        "Fighting has killed at least 400 people in the capital.",
        C,
    ),
    case(
        "clashes-killed-before-truce-took-effect",
        "Karabakh ceasefire takes effect at noon",
        "Clashes that killed 30 soldiers before the truce took effect have stopped.",
        D,
        C,
    ),
    case(
        "fighting-killed-despite-truce",
        "Fighting killed five soldiers on Sunday despite the truce in Donbas",
        "",
        V,
        C,
    ),
    case(
        "war-toll-and-shelling-despite-truce",
        "Shelling hits Aleppo despite the truce",
        "The war has killed more than 300,000 people. On Monday, artillery struck two districts.",
        V,
        C,
    ),
    # a truce named by a field other than war (a budget, a salary cap) is that
    # field's truce when nothing else in the item is of war; a war's truce
    # beside a budget is still a war's
    case(
        "council-budget-ceasefire-collapses",
        "City council budget 'cease-fire' collapses ahead of vote",
        "",
    ),
    case(
        "budget-ceasefire-breaks-down",
        "State assembly budget cease-fire breaks down over school funding",
        "Lawmakers blamed each other after the truce broke down late on Thursday.",
    ),
    case(
        "salary-cap-ceasefire-shattered",
        "Salary cap ceasefire shattered as league owners clash",
        "",
    ),
    case(
        "war-truce-beside-budget",
        "Donbas ceasefire collapses as parliament passes budget",
        "",
        V,
    ),
    case(
        "war-truce-broken-beside-budget-truce",
        "Shelling breaks Idlib ceasefire",
        "The budget 'truce' in Ankara is holding.",
        V,
    ),
    # a truce only proposed or planned that falls apart was never made: no
    # breach (one proposed by a mediator and then made still breaks)
    case(
        "proposed-truce-fell-apart",
        "Clashes in Helmand",
        "A proposed three-day ceasefire between the army and the Taliban fell apart as "
        "fighting broke out near Lashkar Gah.",
        D,
    ),
    case(
        "planned-truce-collapses",
        "Planned Christmas truce in Donbas collapses before it starts",
        "",
    ),
    # a truce that collapsed was made: a breach; how it was made is its past, no move
    case(
        "truce-proposed-by-mediator-collapsed",
        "Gaza truce proposed by Qatar collapsed as shelling resumed",
        "",
        V,
    ),
    # fighting that lessens in a truce holding is fighting that eases, no act
    # in it; shelling that has not lessened goes on
    case(
        "firing-decreased-truce-holding",
        "Kashmir truce largely holding, army says",
        "Cross-border firing has markedly decreased since the ceasefire began.",
    ),
    case(
        "shelling-diminished-in-truce",
        "Donetsk ceasefire mostly observed",
        "Monitors said shelling had diminished in the first week of the truce.",
    ),
    case(
        "shelling-not-decreased-despite-truce",
        "Shelling has not decreased despite the truce, Kharkiv governor says",
        "",
        V,
    ),
    # the start of a truce that the item says is over is its history: acts
    # after it ended break nothing (one told "hours after" it began still does)
    case(
        "strikes-resume-as-pause-came-to-end",
        "Airstrikes resume on Hodeidah as the week-long pause came to an end",
        "The pause had begun on Monday under a deal between the coalition and the Houthis.",
        D,
    ),
    case(
        "truce-expired-after-it-began",
        "Sudan truce expired on Saturday",
        "The truce had taken effect a week earlier; shelling resumed in Omdurman on Sunday.",
        D,
    ),
    case(
        "clashes-hours-after-truce-took-effect-then-expired",
        "Clashes erupted in Abyei hours after the truce took effect",
        "The truce expired on Friday.",
        V,
    ),
]

DIPLOMACY_CASES: list[Case] = [
    # what follows a broken truce's name in its phrase describes that truce (its
    # makers, aims and terms), not a move made now; a clause of its own still is
    case(
        "breach-of-pact-made-with-president-to-halt",
        "Yerevan says Baku kept shelling border villages in breach of the agreement both "
        "sides made with the Russian president last month to halt artillery fire",
        "",
        V,
    ),
    case(
        "violates-truce-and-terms-for-sanctions-relief",
        "Junta accused of violating Shan truce",
        "The air raids violate the junta's truce and the terms set out for easing EU "
        "sanctions on the military, the rebels said.",
        V,
    ),
    case(
        "violated-truce-then-raised-it-at-meeting",
        "Tbilisi says Abkhaz militia shooting violated the 1994 ceasefire",
        "Tbilisi said the shooting violated the 1994 ceasefire agreement and raised it at "
        "an emergency meeting with the UN mediator in Geneva.",
        V,
        D,
    ),
    case(
        "violated-truce-and-envoy-summoned",
        "Armenia accuses Azerbaijan of violating the truce, summons ambassador",
        "Yerevan said Azerbaijani fire violated the ceasefire, and summoned the Azerbaijani "
        "ambassador on Tuesday.",
        V,
        D,
    ),
    # a threat to stop keeping a truce is no decision on it; renouncing it is
    case(
        "threat-to-no-longer-observe-truce",
        "Houthis threaten to no longer observe Yemen truce over aid delays",
        "",
    ),
    case(
        "will-no-longer-abide-by-truce",
        "Polisario says it will no longer abide by the 1991 ceasefire",
        "",
        D,
    ),
    # the peoples of a war's places name it as the places do
    case("abkhazian-negotiators", "Georgian and Abkhazian negotiators meet in Geneva", "", D),
    case("abkhaz-delegations", "Abkhaz and Georgian delegations leave for Geneva talks", "", D),
    # talks that go on only time the attacks told before them ...
    case(
        "raids-even-as-it-continues-truce-talks",
        "Militia raids villages in Ituri",
        "The militia has kept up its raids on villages even as it continues ceasefire "
        "negotiations with Kinshasa in Nairobi.",
    ),
    # ... but a move before them, or talks resumed, is news
    case(
        "swap-agreed-as-truce-talks-continue",
        "Army and rebels agree prisoner swap as ceasefire talks continue",
        "",
        D,
    ),
    case(
        "move-to-defuse-tensions",
        "Armenia and Azerbaijan move to defuse tensions after border clashes",
        "",
        D,
    ),
    case(
        "scramble-to-de-escalate",
        "Rocket hits Kiryat Shmona",
        "Mediators scramble to de-escalate the fighting between Israel and Hezbollah.",
        D,
    ),
    case(
        "conveys-protest",
        "India conveys strong protest to Pakistan over shelling along LoC",
        "",
        D,
    ),
    case("talks", "Sudan's army and RSF resume talks in Jeddah", "", D),
    case("envoy", "UN envoy arrives in Naypyidaw for talks with junta leader", "", D),
    case("summit", "East African leaders hold summit on eastern Congo crisis", "", D),
    case("phone-call", "Erdogan and Putin discuss Idlib truce in phone call", "", D),
    case("sanctions", "EU imposes sanctions on RSF commanders over Darfur atrocities", "", D),
    case("expel-ambassador", "Ethiopia expels Somali ambassador over port deal", "", D),
    case("recall-ambassador", "Bogota recalls its ambassador from Tel Aviv", "", D),
    case("recognition", "Madrid recognises Palestinian state", "", D),
    case("security-council", "Security Council adopts resolution demanding Gaza ceasefire", "", D),
    case(
        "prisoner-swap", "Kyiv and Moscow exchange 95 prisoners of war in UAE-mediated swap", "", D
    ),
    case("mediation-offer", "Qatar offers to mediate between Kigali and Kinshasa", "", D),
    case("peace-deal-signed", "Government and Moro rebels sign final peace deal", "", D),
    case("call-for-truce", "Pope and UN chief call for ceasefire in Sudan", "", D),
    case(
        "humanitarian-corridor", "Sides agree humanitarian corridor out of besieged Khartoum", "", D
    ),
    case(
        "analyst-comment",
        "Peace talks in Doha unlikely to succeed",
        "Analysts said the talks face deep mistrust between the two delegations.",
    ),
    case(
        "history-of-talks",
        "Cypriot leaders trade blame",
        "Five decades of talks have failed to reunite the island.",
    ),
    case(
        "refused-talks",
        "Junta chief says he refused to negotiate with armed groups",
        "",
    ),
    case(
        "domestic-politics",
        "Parliament passes budget after marathon debate",
        "",
    ),
    case(
        "climate-talks",
        "Negotiators agree on loss and damage fund at climate summit",
        "",
    ),
    case("truce-takes-effect", "Nationwide truce takes effect across Yemen", "", D),
    case("overseeing-a-truce", "Commission overseeing the Abyei truce meets in Juba", "", D),
    case(
        "renouncing-an-armistice",
        "Pyongyang says it will no longer abide by the 1953 armistice",
        "",
        D,
    ),
    case("reopening-the-border", "Eritrea and Ethiopia reopen border crossings", "", D),
    case(
        "decommissioning",
        "Basque separatists complete decommissioning of weapons, verifiers say",
        "",
        D,
    ),
    case(
        "joint-commission-meeting",
        "Moldova raises checkpoint incident at emergency meeting of joint control commission",
        "",
        D,
    ),
    # a truce made afresh is news even without its verb, unless it is the one broken
    case("fresh-truce", "Fresh truce in Aden after a week of clashes between rival forces", "", D),
    case("new-truce-shattered", "Shelling shatters new truce in Aden", "", V),
    case("hopes-for-new-truce", "Analysts see slim hopes for a new truce in Aden", ""),
    # forces sent to watch over a truce are a step to keep it
    case("sent-to-monitor-truce", "Kenyan troops fly to Goma to monitor the ceasefire", "", D),
    # a minister's trip to a war is a visit
    case(
        "minister-trip-to-war",
        "Jordan's foreign minister travels to Idlib in show of support for Syrian opposition",
        "",
        D,
    ),
    case("star-arrives-in-city", "Pop star arrives in Paris for fashion week", ""),
    # pressing for a truce is a move; a hope for one, or efforts it was despite, is not
    case("push-a-truce", "Qatari envoy heads to Cairo to push a Gaza ceasefire", "", D),
    case("bid-for-truce", "New bid for truce in Sudan as army and RSF resume contacts", "", D),
    case("hope-for-truce", "Residents voice hope for a truce in Khartoum", ""),
    case("despite-efforts-for-truce", "Shelling goes on despite efforts for a truce", ""),
    case("cement-truce", "Armenian and Azerbaijani ministers meet to cement truce", "", D),
    # visa restrictions are sanctions on people of a war, and immigration policy otherwise
    case("visa-restrictions-on-commanders", "US imposes visa bans on two RSF commanders", "", D),
    case("visa-restrictions-on-students", "US imposes visa restrictions on foreign students", ""),
    case("intermediary", "Norway acts as intermediary between Colombia and ELN guerrillas", "", D),
    case("bank-intermediary", "Bank acts as intermediary in bond sale", ""),
    # a release only sought is no exchange
    case(
        "efforts-for-release",
        "Paris steps up efforts for the release of French journalist held in Mali",
        "",
    ),
    case("body-swap", "Armenia and Azerbaijan carry out body swap at border", "", D),
    # a video or statement released frees no one
    case("video-of-hostages-released", "Hamas releases video of two Israeli hostages", ""),
    case("hostages-released", "Hamas releases two Israeli hostages to Red Cross", "", D),
    case("vote-on-deal", "Israeli cabinet to vote on ceasefire deal on Friday", "", D),
    # approval of a deal is a decision on it
    case(
        "go-ahead-for-accord",
        "Cabinet gives the go-ahead to peace accord with Tuareg rebels",
        "",
        D,
    ),
    case("green-light-for-museum", "City council gives green light to new army museum", ""),
    # a truce reported holding: how it was brokered or kept is its setting
    case(
        "holding-truce-brokered-before",
        "Calm returns to Hodeidah front",
        "The truce mediated by the UN last month was largely holding on Friday, residents said.",
    ),
    case(
        "holding-truce-kept-by-sides",
        "Second day of Karabakh truce",
        "Both armies seem to be abiding by the ceasefire, and the truce largely held overnight.",
    ),
    case(
        "truce-agreed-while-another-holds",
        "Guerrillas and government sign new truce as old one holds",
        "",
        D,
    ),
    # in a violation report, what the breach came after and what the broken deal says
    # are its past
    case(
        "breach-came-after-mediation",
        "Shelling resumes in Sittwe",
        "The breach came two days after the junta and the Arakan Army announced a truce "
        "mediated by Beijing.",
        V,
    ),
    case(
        "broken-deal-terms",
        "Militia fire hits Tripoli suburb in breach of truce",
        "The accord that was signed on Sunday obliges every armed group to free the detainees "
        "it holds.",
        V,
    ),
    # a truce made afresh in a violation report is news of its own
    case(
        "new-truce-after-breaches",
        "Rebels and army trade blame over Kachin clashes",
        "The military declared a fresh ceasefire on Sunday, days after the previous truce "
        "it was accused of violating ran out.",
        V,
        D,
    ),
    case(
        "violated-truce-declared-before",
        "Army shells rebel villages in breach of the ceasefire it declared on Sunday",
        "",
        V,
    ),
    # violators in general are a warning, not a breach reported
    case("any-violator-warned", "Army warns it will punish anyone who breaches the truce", ""),
    case(
        "violators-to-justice",
        "Council pledges to bring those violating the Tripoli truce to justice",
        "",
    ),
    # a history of failed truces is the past, not a breach reported
    case("history-of-failed-truces", "A history of failed ceasefires in South Sudan", ""),
    # a truce declared is in force; one called for is not
    case("despite-declaring-truce", "Rebels shell army posts despite declaring a ceasefire", "", V),
    case("despite-calls-for-truce", "Rebels shell army posts despite calls for a ceasefire", ""),
    case(
        "brokered-truce-violated",
        "Army says truce brokered by Riyadh was violated by paramilitary shelling",
        "",
        V,
    ),
    case(
        "breach-and-new-talks",
        "Junta accuses rebels of violating truce; mediators call new round of talks in Kunming",
        "",
        V,
        D,
    ),
    # a ministry protesting to an envoy over a consulate's affairs is a bilateral row
    case(
        "embassy-row-no-conflict",
        "Oslo summons Hungarian charge d'affaires",
        "The diplomat was formally protested over visa fees charged by the consulate in Bergen.",
    ),
    case(
        "protest-over-shelling",
        "Baku summons Armenian charge d'affaires, formally protests shelling of villages",
        "",
        D,
    ),
    # a new truce that the same sentence reports broken is the breach's setting
    case(
        "new-truce-broken-within-hours",
        "New ceasefire in Tigray violated within hours of taking effect",
        "",
        V,
    ),
    case(
        "new-truce-brokered-then-broken",
        "Karabakh: fresh truce collapses",
        "A fresh humanitarian truce, brokered by France, has been broken within hours of coming "
        "into force.",
        V,
    ),
    case(
        "new-truce-after-last-collapsed",
        "Sides agree a new ceasefire in Darfur after the last one collapsed",
        "",
        V,
        D,
    ),
    # a state's protest voiced by summoning or recalling envoys is diplomacy
    case(
        "summoned-envoy-to-protest-strike",
        "Baghdad summoned the Turkish ambassador to protest drone strikes in Sinjar",
        "",
        D,
    ),
    case(
        "recalls-envoy-in-protest",
        "Ministry recalls its ambassador in protest at the shelling of Odesa",
        "",
        D,
    ),
    case("crowd-demands-expulsion", "Protesters demand expulsion of Israeli ambassador", ""),
    # breaking off diplomatic relations presses a dispute even with no war named
    case("cuts-diplomatic-ties", "Belize cuts diplomatic ties with Guatemala", "", D),
    case(
        "breaks-off-relations",
        "Ecuador breaks off diplomatic relations with Mexico after embassy raid",
        "",
        D,
    ),
    case("firm-cuts-ties", "Retailer cuts all ties with its supplier", ""),
    case("severs-all-ties-in-war", "Chad severs all ties with Sudan over border raids", "", D),
    # a standing format of talks named as such is talks
    case("format-advisers-meet", "Normandy format advisers meet in Berlin", "", D),
    case("contact-group-round", "Trilateral Contact Group holds new round in Minsk", "", D),
    case("format-talks-stalled", "Normandy format talks have stalled since 2019", ""),
    # "silence guns" is a truce, with or without its article
    case(
        "agree-to-silence-guns",
        "Army commanders agree to silence guns along the frontier",
        "",
        D,
    ),
    # with nothing armed in sight, an envoy, talks and a visit are routine
    case(
        "envoy-visits-for-autonomy-talks",
        "Exiled leader's envoy visits Beijing for autonomy talks",
        "",
    ),
    case("envoy-visits-for-peace-talks", "UN envoy visits Cyprus for peace talks", "", D),
    # bodies found or buried are no handover, even when the withdrawal is named
    case(
        "bodies-found-after-withdrawal",
        "Bodies of 20 men were found after the militia's withdrawal from the town",
        "",
    ),
    case(
        "handover-of-buried-bodies",
        "Russia hands over bodies of 500 Ukrainian soldiers buried near Bakhmut",
        "",
        D,
    ),
    # talks that only time an attack are its backdrop, not news of a move
    case(
        "attack-amid-peace-talks",
        "Militants kill 12 at a Mindanao market amid peace talks in Kuala Lumpur",
        "",
        C,
    ),
    case(
        "killed-as-negotiations-continue",
        "Four Colombian police killed as negotiations with the guerrillas continue in Havana",
        "",
        C,
    ),
    case(
        "shelling-despite-ongoing-talks",
        "Shelling hits Donetsk despite ongoing negotiations between the sides",
        "",
    ),
    # a move between the attack and the talks keeps them news
    case(
        "truce-agreed-amid-talks-after-clashes",
        "Clashes in Aden as the rivals agree to a truce amid talks in Riyadh",
        "",
        D,
    ),
    case(
        "offensive-as-truce-talks-held",
        "Army launches an offensive in Tigray as peace talks are held in Pretoria",
        "",
        D,
    ),
    # a truce that runs out unrenewed is no move, nor is how it was once made
    # protests that only say when people were shot leave the sentence a state's
    case(
        "envoy-summoned-over-killings-during-protests",
        "Jordan summons Israeli envoy after troops shot dead 12 Palestinians during protests "
        "in the West Bank",
        "",
        D,
        C,
    ),
    case(
        "crowd-demands-deal-during-protests",
        "Protesters demand a hostage deal during protests in Tel Aviv",
        "",
    ),
    # people going home and "remains" as a verb are no handover of the dead
    case(
        "displaced-return-home-future-remains-uncertain",
        "Displaced residents return home to Kharkiv, but their future remains uncertain",
        "",
    ),
    case(
        "refugees-return-to-their-homes",
        "Refugees returned to their homes in Tigray; the harvest remains a worry",
        "",
    ),
    case(
        "remains-of-hostages-returned",
        "Hamas returns the remains of two hostages under the truce deal",
        "",
        D,
    ),
    # summoning, recalling or expelling presses a state through its envoys only
    case(
        "recall-of-un-official-demanded",
        "Kinshasa demands the recall of the UN human rights chief as rebels kill 20 in Ituri",
        "",
        C,
    ),
    case("un-aid-coordinator-expelled", "Khartoum expels UN aid coordinator from Darfur", ""),
    case(
        "charge-summoned-over-drone-strikes",
        "Ukraine summons Belarus charge d'affaires over drone strikes",
        "",
        D,
    ),
    # sanctions that campaigners only call for are no state's decision
    case(
        "rights-groups-urge-sanctions",
        "Human rights groups urge sanctions against RSF commanders",
        "",
    ),
    case(
        "campaigners-urge-eu-to-impose-sanctions",
        "Campaigners urge the EU to impose sanctions on Myanmar generals",
        "",
    ),
    case(
        "party-urges-allies-to-impose-sanctions",
        "Kyiv urges allies to impose new sanctions on Moscow",
        "",
        D,
    ),
    case(
        "eu-imposes-sanctions-on-rsf",
        "EU imposes sanctions on RSF commanders over El Fasher atrocities",
        "",
        D,
    ),
    # a peacekeeping mission names the war it keeps the peace in
    case(
        "council-extends-peacekeeping-mission",
        "Security Council votes to extend the peacekeeping mission in South Sudan for a year",
        "",
        D,
    ),
    case(
        "council-renews-mission-country-only",
        "UN Council renews peacekeeping mission in Central African Republic",
        "",
        D,
    ),
    case(
        "peacekeeping-force-members-wounded",
        "Bomber wounds five, including two members of a peacekeeping force, in Bangui",
        "",
        C,
    ),
    # sanctions on Russia press its war even when the item does not name it
    case("sanctions-on-moscow-war-unnamed", "Japan widens sanctions on Moscow", "", D),
    case(
        "sanctions-package-against-russia-economy",
        "Britain agrees new package of sanctions against Russia",
        "The measures target the banking sector of the Russian economy.",
        D,
    ),
    case("mps-urge-russia-sanctions", "Canadian MPs urge tougher Russia sanctions", ""),
    # a protest lodged through envoys, with or without the article
    case(
        "summons-envoy-lodges-protest",
        "Kabul summons Pakistani ambassador, lodges strong protest over border firing",
        "",
        D,
    ),
    # Commonwealth states summon high commissioners, not ambassadors
    case(
        "high-commission-official-summoned",
        "Dhaka summons Myanmar high commission official over mortar shells",
        "",
        D,
    ),
    case(
        "un-rights-chief-calls-for-recall",
        "UN High Commissioner for Human Rights urges recall of troops from Rakhine",
        "",
    ),
    case("truce-ends-without-extension", "Hodeidah truce ends without an extension", ""),
    case(
        "truce-expired-no-word-of-extension",
        "Idlib ceasefire expires at midnight, no word on renewal",
        "A ten-day ceasefire announced by the government ran out with no statement of an "
        "extension. It followed a truce brokered by Turkey and Russia in March.",
    ),
    case(
        "truce-expires-as-envoy-pushes-extension",
        "Yemen truce expires as UN envoy pushes for an extension",
        "",
        D,
    ),
    case(
        "truce-expired-new-truce-agreed",
        "Truce lapses; the two sides agree to a new ceasefire in Juba",
        "",
        D,
    ),
    # a party saying its truce will not be extended lets it end: no move by
    # itself (rejecting a proposal to extend it is one)
    case("party-will-not-extend-truce", "Israel says it will not extend the truce with Hamas", ""),
    case(
        "truce-will-not-be-extended",
        "Houthis say Hodeidah ceasefire won't be extended beyond Friday",
        "",
    ),
    case(
        "party-rejects-proposal-to-extend-truce",
        "M23 rejects Qatar's proposal to extend the Goma truce",
        "",
        D,
    ),
    # a party ending, leaving or declaring over its own truce decides on the
    # war: no diplomatic move (talks or a new truce told with it still are)
    case("party-withdraws-from-truce", "FARC withdraws from unilateral ceasefire with Bogota", ""),
    case("party-pulls-out-of-truce", "Houthis pull out of Hodeidah ceasefire deal", ""),
    case("party-quits-truce", "PKK quits ceasefire, blames Ankara for crackdown", ""),
    case("party-scraps-truce-accord", "Hamas scraps truce accord with Israel", ""),
    case(
        "party-terminates-ceasefire-agreement",
        "Government terminates ceasefire agreement with the NPA",
        "",
    ),
    case("party-ends-truce-accord", "Rebel council ends the truce accord with Juba", ""),
    # in a report of a truce's breach, its brokering dated to the past is the
    # setting (a truce brokered now, or a new one, is still news)
    case(
        "breach-report-recalls-dated-brokering",
        "Rebels accuse army of violating Qatar-brokered truce in eastern Congo",
        "Doha brokered a truce between Kinshasa and the M23 in March after months of fighting.",
        V,
    ),
    case(
        "breach-report-recalls-brokering-last-year",
        "Armenia accuses Azerbaijan of breaching the ceasefire in Syunik",
        "Moscow mediated the ceasefire between Yerevan and Baku last year.",
        V,
    ),
    case(
        "breach-as-a-new-truce-is-brokered",
        "Azerbaijan accuses Armenia of breaching the ceasefire in Syunik",
        "Moscow mediated a new ceasefire between Yerevan and Baku on Tuesday.",
        V,
        D,
    ),
    # the Transnistria conflict under its other spellings names the conflict
    case(
        "transdniestrian-leader-urges-talks",
        "Transdniestrian leader urges resumption of settlement talks with Chisinau",
        "",
        D,
    ),
    case(
        "tiraspol-negotiators-to-meet",
        "Tiraspol and Chisinau negotiators to meet in Bender",
        "",
        D,
    ),
    # a party announcing that its truce is over, past an aside naming the truce
    case(
        "party-announces-truce-is-over",
        "ELN statement on Christmas truce",
        "The ELN announced that the ceasefire with the government, declared on 20 December, "
        "is over, and told its units to resume operations.",
    ),
    case(
        "party-announces-truce-over-in-title",
        "Kachin Independence Army announced that the truce with the junta was over",
        "",
    ),
    # a truce announced to take effect after fighting is over is still made
    case(
        "truce-announced-after-fighting-is-over",
        "Armenia and Azerbaijan announced that a humanitarian truce would start at noon",
        "The truce would hold once shelling around Stepanakert is over, mediators said.",
        D,
    ),
    # leaving a deal that is no truce is a move on it
    case("party-leaves-corridor-deal", "Moscow pulls out of Black Sea shipping deal", "", D),
    # hostages their captors kill are held by kidnappers: a release beside it is
    # no exchange between parties to a war (a truce deal's releases still are)
    case(
        "captors-kill-hostages-others-released",
        "Jihadists in the Sahel release video showing the killing of two hostages",
        "A third hostage, a Swiss nurse, was released on Sunday.",
        C,
    ),
    case(
        "hostages-killed-beside-released",
        "Al-Shabaab video shows killing of two hostages; two others are released",
        "",
        C,
    ),
    case(
        "truce-deal-frees-hostages-one-killed-in-captivity",
        "Hamas frees two hostages under truce deal",
        "A third hostage was killed in captivity, the army said.",
        D,
        C,
    ),
    # in an item whose truce ended or was left, that truce's making told as
    # background is its past, not a move (talks or a new truce still are)
    case(
        "ended-truce-agreed-as-background",
        "Karabakh holiday truce ends",
        "A short truce between Armenian and Azerbaijani units along the northern line ended "
        "on Monday. Both armies had agreed on a three-day ceasefire for the holiday.",
    ),
    case(
        "left-truce-reached-in-talks-as-background",
        "ELN rebels withdraw from ceasefire accord with Bogota",
        "Bogota and the guerrillas had reached an agreement on a bilateral ceasefire in "
        "Cuban-hosted peace talks last year.",
    ),
    case(
        "ended-truce-then-new-talks",
        "Tigray truce ended on Friday",
        "Envoys of the African Union met both sides in Pretoria on Sunday to agree a new "
        "ceasefire.",
        D,
    ),
    case(
        "truce-set-to-end-is-still-agreed",
        "Donbas Easter truce agreed",
        "Kyiv and the separatists signed a ceasefire set to end at midnight on Monday.",
        D,
    ),
    case("declares-truce-dead", "ELN declares bilateral ceasefire dead", ""),
    case("declares-end-to-truce", "Houthis declare an end to the Hodeidah truce", ""),
    case(
        "declares-truce-over-later",
        "Junta says Kachin truce has run its course",
        "The army on Friday declared the two-week truce announced in Naypyidaw over, "
        "officials said.",
    ),
    case(
        "quits-truce-but-new-talks",
        "PKK quits ceasefire as Oslo hosts talks on a new one",
        "",
        D,
    ),
    # "initial" before a truce word is an adjective, not the verb of a deal
    case(
        "initial-period-of-truce",
        "Karen truce period over",
        "The initial period of a ceasefire between the junta and KNU rebels lapsed on Sunday.",
    ),
    # a party voicing its intent to sign is a move; conditions for signing are not
    case(
        "expressed-hope-for-signing",
        "Aliyev expressed hope for signing a peace treaty with Armenia before the summer",
        "",
        D,
    ),
    case(
        "readiness-for-signing",
        "Sudan's army voices readiness for signing a ceasefire agreement in Jeddah",
        "",
        D,
    ),
    case(
        "conditions-for-signing",
        "Analysts list the conditions for signing a peace agreement in Kivu",
        "",
    ),
]

CASUALTY_CASES: list[Case] = [
    # "no fewer than" is at least, no negation
    case("no-fewer-than-is-no-negation", "No fewer than 15 soldiers killed in Borno ambush", "", C),
    # herdsmen in arms and violence between communities or over a vote are
    # conflict, even when a mob wields it ...
    case("herdsmen-raid", "Herdsmen kill 14 farmers in Benue village raid", "", C),
    case("tribal-killings-by-mob", "Tribal killings: mob kills nine in Rift Valley", "", C),
    case("post-election-mob", "Post-election violence in Ivory Coast: mob kills nine", "", C),
    # ... but a lynch mob is crime, and pastoralists in a drought are no war
    case("lynch-mob-is-crime", "Lynch mob kills suspected thief in Lagos market", ""),
    case("pastoralists-in-drought", "Drought kills cattle as pastoralists migrate south", ""),
    # a gas that leaks is an accident, even a toxic or chlorine one
    case(
        "toxic-gas-leak-is-an-accident",
        "Chlorine gas leaked at Punjab fertiliser plant, 5 suffocated to death",
        "Workers were trapped when the toxic gas leakage spread through the unit.",
    ),
    case(
        "chlorine-gas-attack-still-counts",
        "Syrian forces accused of chlorine gas attack that suffocated 12 in Idlib",
        "",
        C,
    ),
    # a deputy envoy summoned is diplomacy, not a sheriff's deputy
    case(
        "deputy-envoy-summoned-over-killing",
        "Armenia summons Azerbaijani deputy ambassador over the killing of two villagers in "
        "cross-border firing",
        "",
        D,
        C,
    ),
    # a state broadcaster is the report's source, not a media story
    case(
        "state-broadcaster-reports-soldiers-killed",
        "Three soldiers died when gunmen on motorbikes attacked an army post in the north",
        "Three soldiers were killed and two wounded in the attack, the state broadcaster reported.",
        C,
    ),
    # knife and car attacks: political violence in a country at war, crime elsewhere
    case("stabbing-attack-in-israel", "Two wounded in stabbing attack in Israeli town", "", C),
    case(
        "ramming-attack-palestinian",
        "Palestinian driver rams bus stop, killing one",
        "Police called it a car-ramming attack.",
        C,
    ),
    case("knifed-in-lebanon", "Three Lebanese soldiers knifed at checkpoint", "", C),
    case("knife-attack-at-peace", "Two killed in knife attack at Leeds shopping centre", ""),
    case("stabbing-spree-at-peace", "Man kills three in stabbing spree in Osaka suburb", ""),
    # household and workplace blasts are accidents, even in a country at war
    case("boiler-explosion", "Boiler explosion at Aleppo bakery kills four", ""),
    case("cooking-gas-blast", "Cooking gas blast kills family of six in Kabul", ""),
    # a bomber's own death and a gas attack's victims are conflict casualties
    case(
        "bomber-blows-himself-up", "Suicide bomber blows himself up at Mogadishu checkpoint", "", C
    ),
    case(
        "suffocate-in-gas-attack",
        "Villagers suffocate in suspected chlorine attack in Idlib",
        "",
        C,
    ),
    case(
        "breathing-problems-after-attack",
        "Dozens suffer breathing problems after chemical attack in Douma",
        "",
        C,
    ),
    # "battle" alone is weak context: gunmen battle police too
    case(
        "gunman-battle-with-police",
        "Gunman kills two in Ohio before battle with police officers",
        "",
    ),
    case("battle-kills-soldiers", "Battle near Bakhmut kills 12 soldiers", "", C),
    case("stabbed-in-the-back", "Israeli minister says he was stabbed in the back by allies", ""),
    # people shot are harmed; a film shot somewhere is not
    case("shot-by-sniper", "Aid worker was shot by a sniper in Khartoum", "", C),
    case("protesters-shot", "Several protesters were shot during demonstrations in Lagos", "", C),
    case("film-shot-in-city", "Award-winning documentary was shot in Kabul over two years", ""),
    # gangs kidnapping for ransom are ordinary crime; jihadists doing it are a war's
    case(
        "gang-abduction-with-killing",
        "Gunmen seize 30 bus passengers near Lokoja",
        "The gunmen abducted the travellers on Sunday; one driver was killed during the "
        "abduction, officials said.",
    ),
    case(
        "jihadist-abduction-with-killing",
        "Jihadists seize 30 bus passengers near Lokoja",
        "The militants abducted the travellers on Sunday; one driver was killed during the "
        "abduction, officials said.",
        C,
    ),
    case("strike-kills", "Airstrike on Mogadishu market kills 12", "", C),
    case("dead-and-wounded", "Reports of dead and wounded after shelling of Aleppo suburb", "", C),
    case(
        "no-casualties",
        "Rocket lands near Erbil airport; no casualties reported",
        "",
    ),
    case(
        "no-one-hurt",
        "Mortar shell hits empty school in Kharkiv",
        "No one was hurt.",
    ),
    case(
        "road-crash",
        "Bus crash on Nairobi highway kills 14",
        "",
    ),
    case(
        "earthquake",
        "Earthquake in Herat province kills more than 1,000",
        "",
    ),
    case(
        "floods",
        "Monsoon floods kill 31 in Bago region",
        "",
    ),
    case(
        "heatwave",
        "Heatwave kills 20 in Karachi",
        "",
    ),
    case(
        "landslide",
        "Landslide at jade mine kills 70",
        "",
    ),
    case(
        "killed-the-bill",
        "Senate committee killed the bill on Tuesday",
        "",
    ),
    case(
        "casualty-tv",
        "Hospital drama Casualty to film special episode in Bristol",
        "",
    ),
    case(
        "wounded-pride",
        "Wounded pride drives the club's cup run",
        "",
    ),
    case(
        "dead-heat",
        "Regional vote ends in a dead heat",
        "",
    ),
    case(
        "hurt-economy",
        "The decision hurt the company's share price",
        "",
    ),
    case(
        "missing-fishermen",
        "Search for missing fishermen continues off Java",
        "",
    ),
    case("missing-soldiers", "Five soldiers missing after rebel ambush in Cabo Delgado", "", C),
    case(
        "bodies-of-the-killed",
        "Israel returns bodies of Palestinians killed in raids",
        "The remains were handed over at the Kerem Shalom crossing.",
        C,
        D,
    ),
    case(
        "political-violence",
        "Opposition activist beaten by police in Kampala, taken to hospital",
        "",
        C,
    ),
    case(
        "fire-opening-a-headline",
        "Fire at Baghdad hospital ward kills 82",
        "",
    ),
    case("troops-fire-is-shooting", "Troops fire at protesters in Mandalay, killing three", "", C),
    case("dam-collapse", "Dam collapse in eastern Libya kills 40", ""),
    case("mudflow", "Mudflow buries village in Dagestan, killing six", ""),
    case("mine-cave-in", "Gold mine caves in in North Darfur, 38 dead", ""),
    case("bridge-collapse", "Motorway bridge collapses in Genoa, killing 43", ""),
    case(
        "floods-move-wartime-mines",
        "Floods in Croatia shift wartime landmines as death toll rises to nine",
        "",
    ),
    case("unexploded-ordnance-kills", "Unexploded ordnance kills two farmers in Quang Tri", "", C),
    case("scare-quoted-wounded", "Budget defeat leaves chancellor 'wounded', aides admit", ""),
    case("lost-villages", "Rebels lost 40 villages in the offensive", ""),
    case("lost-soldiers", "Army lost 16 soldiers in Boulkessi attack", "", C),
    case("lives-claimed", "Mosque bombing in Peshawar claimed 101 lives", "", C),
    case("lives-saved", "Field surgeons saved 40 lives after the raid", ""),
    case(
        "bodies-without-killing",
        "Bodies of 30 migrants recovered off Libya",
        "The coast guard said their boat capsized.",
    ),
    case("death-of-a-process", "Analysts see the death of the peace process", ""),
    case("death-squads", "Pro-government death squads blamed for disappearances", ""),
    # deadly clashes over a span of days still report deaths (bloodshed over a
    # span is the war's history)
    case(
        "days-of-deadly-clashes",
        "Calm returns to the Kashmir frontier after days of deadly clashes",
        "",
        C,
    ),
    case(
        "months-of-bloodshed-history",
        "After months of bloodshed, the two sides meet in Doha",
        "",
    ),
    # harm that an inquiry or a report is about, with no number, is its subject;
    # with a number, or told as news beside the inquiry, it is still reported
    case("death-toll-probe", "Ministers urged to launch Yemen war death toll probe", ""),
    case(
        "report-on-killing",
        "Army report on the Kashmir journalist's killing was watered down, colonel says",
        "",
    ),
    case(
        "inquiry-into-counted-killing",
        "UN launches inquiry into the killing of 30 villagers in Tigray airstrike",
        "",
        C,
    ),
    case(
        "killed-then-probe",
        "Rebels killed in Darfur clashes, prompting UN probe into deaths",
        "",
        C,
    ),
    case("reports-of-deaths", "There were reports of deaths after shelling hit Kharkiv", "", C),
    # an event dated by its year alone, told in an "in which" clause, is history
    case(
        "year-dated-event-in-which",
        "Philippine government and communist rebels agree to resume peace talks in Oslo",
        "Talks collapsed in 2017 after an ambush on a police convoy in Mindanao, in which"
        " 12 officers were killed.",
        D,
    ),
    case(
        "in-which-without-year",
        "Gunmen storm a police post in Mindanao",
        "The ambush on the convoy, in which 12 officers were killed, was blamed on rebels.",
        C,
    ),
    # a hostage-taking is violence of its own: its dead are casualties; a
    # robbery's hostage standoff stays crime
    case(
        "hostage-drama-deaths",
        "Nation mourns the dead",
        "Hundreds of children and adults died in the country's worst hostage drama.",
        C,
    ),
    case("robbery-hostage-standoff", "Bank robbery hostage standoff ends, two dead", ""),
    # a town that mourns its young or its fallen in a war has lost them
    case(
        "town-mourns-its-young",
        "Border town caught between Israel and Hezbollah mourns its young",
        "",
        C,
    ),
    case("village-mourns-after-floods", "Village mourns its young after floods", ""),
    # "neutralised" of people is killed; of drones or threats it is no casualty
    case("militants-neutralised", "Troops neutralised five militants in Waziristan", "", C),
    case("drones-neutralised", "Air defence neutralised 30 drones over Kyiv", ""),
    case("threat-neutralised", "Police neutralise bomb threat at Kano market", ""),
    # a deadly act that broke a truce is news even when a reprisal answers it
    case(
        "reprisal-after-deadly-act-that-broke-truce",
        "Army pounds rebel bases in Cauca",
        "The army launched air strikes on rebel camps a day after a deadly suicide bomb attack "
        "blamed on the guerrillas shattered the holiday truce.",
        V,
        C,
    ),
    case(
        "deadly-militia-attacks",
        "Thousands flee Djugu after deadly militia attacks",
        "",
        C,
    ),
    # a region's ethnic conflict named by the place
    case(
        "manipur-volunteers-killed",
        "Two village volunteers killed in Manipur firing",
        "",
        C,
    ),
    # deadly clashes a truce was meant to end go on when the truce is said breached
    case(
        "breached-truce-meant-to-end-deadly-clashes",
        "Armenia and Azerbaijan trade blame",
        "Each side accused the other of violating a truce meant to end deadly border fighting.",
        V,
        C,
    ),
    case(
        "deadly-ethnic-clashes",
        "Curfew imposed in Jos after deadly ethnic clashes spread",
        "",
        C,
    ),
]

MIXED_CASES: list[Case] = [
    case(
        "all-three",
        "Israeli strike kills 5 in Gaza despite truce; Cairo summons envoy",
        "",
        V,
        D,
        C,
    ),
    case(
        "casualties-during-truce",
        "Two soldiers wounded by sniper fire during Somali truce",
        "",
        V,
        C,
    ),
]

#: headlines in the style of wire copy, from further conflicts
HEADLINE_CASES: list[Case] = [
    case(
        "trade-fire-despite-truce",
        "Israel and Hezbollah trade fire across border despite US-brokered ceasefire",
        "",
        V,
    ),
    case("shelling-killed-two", "Ukraine says Russian shelling killed two in Kherson", "", C),
    case(
        "attack-no-truce-no-harm",
        "Houthis claim missile attack on ship in Red Sea",
        "",
    ),
    case("extend-truce", "Riyadh and Houthis agree to extend truce by two months", "", D),
    case(
        "displaced-not-casualties",
        "UN says 1.2 million displaced by fighting in Darfur",
        "",
    ),
    # summoning an envoy over a row that is no armed conflict is no move in one
    case("summons-envoy", "Turkey summons Swedish envoy over Koran burning", ""),
    case("summons-envoy-war", "Turkey summons Israeli envoy over Gaza strikes", "", D),
    case("goodwill-gesture", "ELN frees kidnapped soldiers as goodwill gesture", "", D),
    case(
        "truce-takes-hold", "Ceasefire between Israel and Iran takes hold after 12-day war", "", D
    ),
    case(
        "strike-in-breach",
        "Iran accuses Israel of violating ceasefire with strike near Tabriz",
        "",
        V,
    ),
    case(
        "street-demand-is-not-diplomacy",
        "Thousands protest in Tel Aviv demanding hostage deal",
        "",
    ),
    case(
        "agreed-then-violated",
        "Moscow and Kyiv agree Easter truce; both sides report violations within hours",
        "",
        V,
        D,
    ),
    case("toll-climbs", "Death toll from Quetta mosque bombing climbs to 59", "", C),
    case(
        "flight-not-casualties",
        "Tens of thousands flee as fighting intensifies in Congo",
        "",
    ),
    case("truce-talks-stall", "Truce talks between Hamas and Israel stall in Cairo", "", D),
    case("sign-agreement", "Ethiopia and TPLF sign agreement to end two-year war", "", D),
    case(
        "announced-truce-as-background",
        "Fighting in Khartoum continues despite Eid truce announced by army",
        "",
        V,
    ),
    case(
        "rains-landslides",
        "Heavy rains trigger landslides in Rwanda, killing 130",
        "",
    ),
    case(
        "train-derails",
        "Train derails in Sindh, 30 dead",
        "",
    ),
    case(
        "foreign-minister-meets", "China's foreign minister meets junta chief in Naypyidaw", "", D
    ),
    case(
        "accusations-without-truce",
        "Kabul and Islamabad trade accusations after border clashes",
        "",
    ),
    case(
        "strike-hours-after-truce",
        "Drone strike kills three in Kharkiv hours after Putin announced truce",
        "",
        V,
        C,
    ),
    case("deploys-under-deal", "Lebanese army deploys south of Litani under ceasefire deal", "", D),
    case("rejects-truce-call", "Burhan rejects UN call for Ramadan ceasefire", "", D),
    # a party refusing a truce decides on it, as rejecting one does; refusing
    # to comment on one does not
    case(
        "refuses-truce", "Houthis refuse a ceasefire in Hodeidah, Saudi-led coalition says", "", D
    ),
    case(
        "refused-offered-truce",
        "",
        "The junta refused the truce offered by the ethnic armed groups for the monsoon season.",
        D,
    ),
    case("refuses-comment-on-truce", "Army refuses to comment on the Kachin truce", ""),
    case(
        "violated-n-times", "Cease-fire in Idlib violated 30 times in 24 hours, Russia says", "", V
    ),
    case(
        "releases-hostages-under-deal",
        "Hamas releases three hostages under ceasefire agreement",
        "",
        D,
    ),
    case("mourners", "Mourners bury 11 killed in Kabul school bombing", "", C),
]

#: wire-style items with several sentences
WIRE_CASES: list[Case] = [
    case(
        "strikes-while-talks-stall",
        "Israeli strikes kill 30 in Gaza as truce talks stall",
        "Health officials said the dead included 11 children. Mediators in Cairo said "
        "negotiations on a new ceasefire had made little progress.",
        C,
        D,
    ),
    case(
        "bombing-a-week-after-truce",
        "Myanmar junta bombs monastery, killing 17",
        "The attack in Sagaing came a week after the military announced a temporary "
        "ceasefire for earthquake relief, residents said.",
        V,
        C,
    ),
    case(
        "peace-agreement-signed",
        "Congo and Rwanda sign peace agreement in Washington",
        "The deal commits Kigali to withdraw its troops, the State Department said.",
        D,
    ),
    case(
        "rejects-truce-offer",
        "Sudan army rejects RSF truce offer",
        "The army said it would not negotiate with a militia that committed atrocities.",
        D,
    ),
    case(
        "accuse-each-other-of-breaking-truce",
        "Ukraine, Russia accuse each other of breaking energy truce",
        "Kyiv said Russian drones hit a substation in Sumy.",
        V,
    ),
    case("council-to-meet", "UN Security Council to meet on Sudan famine", "", D),
    case(
        "agreed-after-deadly-clashes",
        "Pakistan and Afghan Taliban agree ceasefire after deadly border clashes",
        "The agreement, mediated by Qatar and Turkey, followed a week of fighting in which "
        "dozens of soldiers and civilians were killed.",
        D,
        C,
    ),
    case(
        "truce-holding-no-fighting",
        "Truce between Thailand and Cambodia holding, observers say",
        "Observers said they had seen no fresh fighting since the agreement took effect.",
    ),
    case(
        "suspends-talks-after-bombing",
        "Colombia suspends talks with ELN after bombing",
        "The president said the attack on a base in Arauca, which killed two soldiers, "
        "was a crime against peace.",
        D,
        C,
    ),
    case(
        "drone-breached-truce",
        "Tigray leaders say federal drone strike breached Pretoria truce",
        "",
        V,
    ),
    case(
        "no-damage-or-injuries",
        "North Korea fires ballistic missile into sea",
        "Japan said there were no reports of damage or injuries.",
    ),
    case("initial-treaty", "Baku and Yerevan leaders initial peace treaty in Washington", "", D),
    case("artillery-no-truce", "India and Pakistan exchange artillery fire for third night", ""),
]

#: items outside armed conflict, and conflict items that look like them
NON_CONFLICT_CASES: list[Case] = [
    # football clubs named after cities at war are sport
    case("club-of-war-city-transfer", "Real Madrid agree deal to sign Zorya Luhansk forward", ""),
    case(
        "club-of-war-city-beaten", "Benfica beaten by Dynamo Kyiv in Champions League qualifier", ""
    ),
    case("storm-kills", "Storm kills 12 in southern Brazil", ""),
    case("tropical-storm", "Tropical storm leaves 30 dead in Central America", ""),
    case("snow", "Heavy snow kills three in Afghan highlands", ""),
    case("plane-crash", "Plane crash in Nepal kills 72", ""),
    case("natural-death", "Former president dies aged 92", ""),
    case("illness", "Veteran actor dies at 85 after long illness", ""),
    case("domestic-crime", "Man kills wife in domestic dispute, police say", ""),
    case("stadium-crush", "Fans injured in stadium crush before cup final", ""),
    case("industrial-accident", "Worker killed in industrial accident at steel plant", ""),
    case("ministers-on-inflation", "Ministers meet to discuss inflation", ""),
    case("deadliest-is-not-a-toll", "UN says last year was deadliest for aid workers", ""),
    case("rebels-storm-town", "Rebels storm town in eastern Congo, killing 8", "", C),
    case("troops-fire-on-protesters", "Troops fire on protesters in Khartoum, killing five", "", C),
    case("lightning", "Lightning strike kills 11 in Bihar", ""),
    case("cold-wave", "Cold wave kills 40 in northern India", ""),
    case("missing-hikers", "Rescuers search for missing hikers in Alps", ""),
    case("executes-plan", "Company executes merger plan", ""),
    case("heat-hurts-harvest", "Heatwave hurts wheat harvest", ""),
    case("farmers-truce", "Farmers' union and government reach truce over fuel prices", ""),
    case("budget-talks", "Opposition party and ruling coalition hold talks on budget", ""),
    case("church-attack", "Two killed as gunmen attack church in Burkina Faso", "", C),
    case("prison-riot", "Prison riot leaves 10 inmates dead", "", C),
    case("league-truce", "Premier League and clubs agree truce over sponsorship rules", ""),
    case("boxing-peace-talks", "Rival promoters hold peace talks over title bout", ""),
    case("injured-footballer", "Footballer injured in training ahead of derby", ""),
    case("remembering-the-fallen", "President lays wreath to honour fallen soldiers in Kyiv", ""),
    # government formation, business feuds and tariff pauses are no war's diplomacy
    case(
        "coalition-forming-talks",
        "Liberals and Greens resume talks",
        "The two parties hope to reach an agreement on forming a government coalition by Friday.",
    ),
    case(
        "business-feud-truce",
        "Chipmaker and supplier call truce in patent feud",
        "Both firms agreed to drop their lawsuits and hold peace talks before arbitration resumes.",
    ),
    case("patent-war-truce", "Two chipmakers announce truce in patent war", ""),
    case("accession-negotiations", "Moldova and EU open accession negotiations", ""),
    case("bar-shooting", "Gunmen kill three in Monterrey bar shooting", ""),
    case(
        "tariff-ceasefire-extended",
        "Washington and Brussels extend tariff ceasefire by six months",
        "",
    ),
    # football transfers name players' countries, not their wars
    case("transfer-talks-for-winger", "Club in talks to sign Ukrainian winger", ""),
    case("deal-for-centre-back", "Chelsea agree deal for Israeli centre-back after talks", ""),
    case(
        "winger-killed-in-shelling", "Shakhtar winger killed in Russian shelling of Donetsk", "", C
    ),
]

#: less common wording for truce breaches and diplomatic moves
PHRASING_CASES: list[Case] = [
    case(
        "restore-relations",
        "Baku and Yerevan restore diplomatic relations in brokered deal",
        "",
        D,
    ),
    # rivals who are at war with no one: restoring ties settles no armed conflict
    case(
        "restore-relations-no-war",
        "Riyadh and Tehran restore diplomatic relations in brokered deal",
        "",
    ),
    case("normalise-ties", "Israel and UAE agree to normalise ties", "", D),
    case("lift-sanctions", "US lifts sanctions on Syrian central bank", "", D),
    case("host-conference", "Kenya to host peace conference on eastern Congo", "", D),
    case("reopen-embassy", "Ankara reopens embassy in Damascus", "", D),
    case("memorandum", "Government and rebels sign memorandum of understanding in Doha", "", D),
    case("road-map", "Mediators propose road map for Sudan transition", "", D),
    case("shuttle", "Qatari mediators shuttle between Hamas and Israeli negotiators", "", D),
    case("power-sharing", "Rival Libyan factions agree power-sharing deal", "", D),
    case("truce-extended", "Truce in Idlib extended for another month", "", D),
    case("flouting", "Army accuses rebels of flouting truce in Kachin state", "", V),
    case("contravention", "Shelling in Donetsk in contravention of ceasefire, monitors say", "", V),
    case("a-day-into-truce", "Heavy fighting a day into Sudan truce", "", V),
    case("hours-into-truce", "Clashes hours into Sudan ceasefire", "", V),
    case("breaches-reported", "Ceasefire breaches reported along Syria-Turkey border", "", V),
    case("shatters-truce", "Drone attack shatters truce in Tripoli", "", V),
    case("alleged-violations", "UN monitors report 300 alleged violations of Yemen truce", "", V),
    case("lull-is-not-a-truce", "Rocket fire from Gaza breaks three-week lull", ""),
    case(
        "modal-far-from-breach", "Israel says it will respond to Hezbollah breach of truce", "", V
    ),
    case("peace-mission", "Ramaphosa leads African peace mission to Kyiv and Moscow", "", D),
    case("venue-for-talks", "Pope offers Vatican as venue for Ukraine peace talks", "", D),
    case("failed-to-agree", "Sudan's warring sides fail to agree ceasefire in Geneva", "", D),
    case(
        "facilitates-handover",
        "ICRC facilitates handover of detainees between Yemen's warring parties",
        "",
        D,
    ),
]

#: what real feeds carry: truces named once and attacks told in other words,
#: talks and deaths outside any conflict, and the wording that told them apart
REAL_FEED_CASES: list[Case] = [
    # violations
    case("strikes-threaten-truce", "Drone strikes threaten week-old truce in Kordofan", "", V),
    case(
        "truce-at-risk-after-shelling",
        "Shelling near Bakhmut puts Easter truce at risk",
        "",
        V,
    ),
    case(
        "threat-without-act",
        "Row over prisoner lists threatens Tigray truce",
        "",
    ),
    case(
        "attempt-fails",
        "Third ceasefire attempt fails in Khartoum as fighting rages",
        "",
        V,
    ),
    case(
        "ignoring-terms",
        "Rebels accuse army of ignoring truce terms in Kachin",
        "",
        V,
    ),
    case(
        "not-upholding",
        "Houthis say coalition not upholding ceasefire deal",
        "",
        V,
    ),
    case(
        "sabotage",
        "Kyiv accuses Moscow of sabotaging energy truce",
        "",
        V,
    ),
    case(
        "agreement-of-named-truce",
        "Why did the Idlib ceasefire end?",
        "Both sides blame each other for violating the terms of the agreement.",
        V,
    ),
    case(
        "ceasefire-that-was-not",
        "Eid ceasefire that wasn't: shelling goes on in Marib",
        "",
        V,
    ),
    case(
        "extended-but-fighting",
        "Truce extended but clashes continue on Tripoli outskirts",
        "",
        V,
        D,
    ),
    case(
        "after-truce-expired",
        "Artillery pounds Sirte minutes after truce expired",
        "",
    ),
    case(
        "after-truce-lapses",
        "Airstrikes resume after Hodeidah truce lapses",
        "",
    ),
    case(
        "after-truce-announced",
        "Shelling continues hours after truce was announced",
        "",
    ),
    case(
        "question-headline",
        "Will the truce in Shan state hold after clashes?",
        "",
    ),
    case(
        "talks-fail",
        "Ceasefire talks fail in Addis Ababa",
        "",
        D,
    ),
    case(
        "deal-fails-to-bring",
        "Peace deal fails to bring security to Mindanao villages",
        "",
    ),
    case(
        "truce-ended-a-war",
        "First rocket fire since ceasefire ended the 2021 war",
        "",
        V,
    ),
    # diplomacy
    case("strike-talks", "Nurses' union and hospitals resume strike talks", ""),
    case("merger-talks", "Miner in talks to acquire rival in $4bn deal", ""),
    case("trade-talks", "Brussels and Washington resume trade talks on steel tariffs", ""),
    case("nuclear-talks", "Tehran and Vienna envoys discuss uranium enrichment", ""),
    case("accession-talks", "EU opens membership talks with Balkan state", ""),
    case("talks-need-a-conflict", "Prime ministers hold talks in Canberra", ""),
    case("talks-in-a-conflict", "Prime ministers hold talks on Darfur", "", D),
    case(
        "calls-for-restraint",
        "Beijing calls for restraint after border clashes",
        "",
        D,
    ),
    case(
        "evacuation-corridor",
        "Evacuation corridor opens from besieged city",
        "",
        D,
    ),
    case(
        "conditions-for-reaching",
        "Shelling kills four as minister says conditions for reaching a truce improve",
        "",
        C,
    ),
    case(
        "past-agreement-of-violated-truce",
        "Rebels flout ceasefire in Ituri, UN says",
        "The rebels had agreed to a ceasefire in March.",
        V,
    ),
    # casualties
    case("gas-leak", "Gas leak at fertiliser plant kills seven workers", ""),
    case("tainted-alcohol", "Tainted alcohol kills 21 in village wedding", ""),
    case("mine-blast", "Methane blast in coal mine kills 12 miners", ""),
    case("shark", "Swimmer killed in shark attack off Western Australia", ""),
    case("old-age", "Veteran actor dies at age 88", ""),
    case("mass-shooting", "Gunman kills six at shopping mall, police hunt suspect", ""),
    case("threat-to-kill", "Kidnappers threaten to kill aid worker", ""),
    case("long-ago", "Court hears how reporter was killed 20 years ago", ""),
    case(
        "chemical-attack",
        "Dozens treated for symptoms of suffocation after chlorine attack",
        "",
        C,
    ),
    case("bomber-kills-self", "Suicide bomber blew himself up at checkpoint", "", C),
    case("hacked-to-death", "Villagers hacked to death in Ituri raid", "", C),
    case("deadly-clashes", "Deadly clashes erupt between herders and troops", "", C),
    # a truce named once, its breach told in other words
    case(
        "clashes-threatening-to-wreck-truce",
        "Gunmen battle police in Juba slum",
        "Clashes spread overnight, threatening to wreck a ceasefire called by the rebel leader.",
        V,
    ),
    case(
        "militia-wrecked-truce", "Militia wrecked the truce with a mortar barrage on Sunday", "", V
    ),
    case("shelling-not-stopped-despite-truce", "Shelling has not stopped despite the truce", "", V),
    # truces that were not in force, or that ended a war long ago
    case(
        "attack-before-truce-took-hold",
        "Border raids and the road to peace",
        "A raid on a border post brought both armies to the brink before a ceasefire took hold.",
        D,
    ),
    case(
        "war-ended-in-armistice",
        "Missile launch sets off alerts across the region",
        "The missile flew over the sea border drawn since the war ended in an armistice in 1953.",
    ),
    case("fighting-after-end-of-truce", "Fighting resumed after the end of the truce", ""),
    # deaths of old age, blanks of an event note, dates that name anniversaries
    case(
        "veteran-dead-at-97",
        "Last survivor of famed paratrooper unit dead at 97",
        "He fought in Normandy and was wounded in the Battle of the Bulge during World War II.",
    ),
    case(
        "casualties-unknown",
        "Gunmen fire on army patrol near Zalingei, Central Darfur. Casualties unknown.",
        "",
    ),
    case(
        "killed-on-an-anniversary",
        "Bombs kill 12 in Manipur",
        "Twin bombs exploded in Imphal on the death anniversary of a rebel leader, killing 12.",
        C,
    ),
    case("feared-dead", "Dozens feared dead after Russian missile hits apartment block", "", C),
    # kidnappers' hostages: talks for their release are no exchange between parties
    case(
        "talks-with-kidnappers",
        "Aid workers kidnapped in Iraq",
        "Tribal elders are negotiating with the kidnappers to secure the release of the two men.",
    ),
    case(
        "abducted-hostages-freed",
        "Hostages freed in Kandahar thank villagers",
        "The three engineers were abducted a month ago by a militant group.",
    ),
    # party politics and other domains beside a war: their talks are not the war's
    case(
        "coalition-talks-beside-war",
        "Prime minister invites opposition into government",
        "He asked the Labour Party to begin talks to form a government that would back the "
        "Gaza withdrawal.",
    ),
    # halting fighting as an aim, not a commitment
    case(
        "offensive-to-stop-rockets",
        "Army scales back Gaza offensive",
        "Tanks rolled into northern Gaza 16 days ago to stop rocket attacks on border towns.",
    ),
    case("pledge-to-stop-fighting", "Rival leaders meet in Juba, pledge to stop fighting", "", D),
    # a plan named for the truce it seeks, and delegations sent to a party
    case("response-to-truce-plan", "Kyiv studies Moscow's reply to ceasefire plan", "", D),
    case(
        "delegation-visits-party",
        "Sudan's army chief receives Saudi delegation in Port Sudan",
        "The visitors carried a message on the war with the RSF.",
        D,
    ),
    case(
        "peace-deal-failing",
        "Peace deal failing as armed gangs recruit children",
        "The 2016 ceasefire deal has not brought calm to the highlands.",
    ),
]

#: what a general news feed carries beside wars: crime, accidents, disasters,
#: deaths of old age, talks and deals that settle no armed conflict, sport;
#: and the conflict items that must still get through the conflict gate
GENERAL_FEED_CASES: list[Case] = [
    # crime and police: no armed conflict named, or a crime named and no war
    case("school-shooting", "Gunman kills 4 at Ohio high school, police say", ""),
    case(
        "mass-shooting-by-reservist",
        "Army review finds missed warnings before reservist's mass shooting",
        "The reservist shot and killed 11 people at a bowling alley last autumn.",
    ),
    case("police-shooting", "Deputy fatally shoots man during traffic stop in Arizona", ""),
    case("domestic-murder", "Man charged with murder after wife found dead in Leeds home", ""),
    case("robbery-killing", "Store clerk shot dead in late-night robbery in Houston", ""),
    case("gang-drive-by", "Two teens killed in drive-by shooting in Baltimore", ""),
    case("knife-attack-suspect", "Suspect arrested after stabbing leaves two dead in Lyon", ""),
    case("police-raid-drugs", "Police raid on drug ring in Manchester ends with 14 arrests", ""),
    # accidents, disasters and natural deaths
    case("plane-crash", "Small plane crashes after takeoff in Alaska, killing five", ""),
    case("bus-plunge", "Bus plummets into gorge in Nepal, killing at least 23", ""),
    case("ferry-sinks", "Ferry sinks off Indonesian island; 12 dead, dozens missing", ""),
    case("factory-blast", "Blast at fireworks factory in Tamil Nadu kills eight workers", ""),
    case("boat-fire", "Migrant boat caught fire off Libya's coast, killing 30", ""),
    case("heatwave", "Heatwave deaths climb to 60 in southern Spain", ""),
    case("obituary", "Veteran broadcaster dies at 88 after long illness", ""),
    case(
        "military-plane-crash",
        "Four soldiers killed as army helicopter crashes in training",
        "The crash happened during a night exercise, the defence ministry said.",
    ),
    case("storm-tree", "Storm topples tree onto car in Hanoi, killing driver", ""),
    case("history-anniversary", "Town marks 30th anniversary of massacre that killed 8,000", ""),
    # talks and deals that are no diplomacy about an armed conflict
    case("plea-deal", "Carmaker agrees plea deal with prosecutors over emissions fraud", ""),
    case("union-talks", "Rail union and operators resume pay talks as strike looms", ""),
    case("trade-deal", "EU and Mercosur sign long-delayed trade agreement", ""),
    case("coalition-talks", "Dutch parties open coalition talks after election", ""),
    case("sanctions-hackers", "Treasury sanctions ransomware gang behind hospital hacks", ""),
    case("tech-summit", "Leaders gather in Paris for artificial intelligence summit", ""),
    case("citizens-swap", "Moscow and Washington swap jailed citizens in Abu Dhabi", ""),
    case(
        "families-meet-leader",
        "Prime minister meets families of hostages held in Gaza",
        "The families urged the government to secure a deal.",
    ),
    case("sports-clash", "Rockets edge Lakers in overtime clash", ""),
    case("nfl-offensive", "Jets fire offensive coordinator after third straight loss", ""),
    # conflict items the gate must let through
    case("bomb-in-conflict-zone", "Roadside bomb kills three soldiers in Balochistan", "", C),
    case("militia-killing", "Militiamen kill two herders near Nyala, Darfur", "", C),
    case("protest-deaths", "Security forces fire on protesters, killing five", "", C),
    case("gang-war-zone", "Gang attack on Haitian town leaves 40 dead", "", C),
    case("drone-strike-ukraine", "Russian drone strike on Sumy bus kills nine", "", C),
    case("ordnance-remnant", "Unexploded shell kills two children in Idlib", "", C),
    case(
        "reprisal-cause",
        "Israel strikes port in Yemen following deadly Houthi drone attack",
        "",
    ),
    case("sanctions-over-war", "EU adopts new sanctions on Russia over Ukraine war", "", D),
    case("envoy-in-war", "UN envoy meets RSF leaders in push for Sudan truce", "", D),
    case(
        "truce-talks-jeopardised",
        "Strike on Hamas office threatens ceasefire negotiations, analysts say",
        "",
    ),
    # talks named only as what a killing puts at risk, or as a profile's part in them
    case(
        "talks-put-at-risk",
        "M23 commander killed in drone strike near Goma",
        "The assassination in Kampala could derail peace talks between the army and the ADF.",
        C,
    ),
    case(
        "profile-key-in-talks",
        "Who was the slain Houthi commander?",
        "He had been key in the truce and prisoner exchange negotiations with Riyadh.",
        C,
    ),
    case(
        "talks-as-sticking-point",
        "The fate of the detainees in Tigray",
        "The detainees are a sticking point in peace negotiations between Addis Ababa "
        "and the TPLF.",
    ),
    case("talks-held-now", "Sudan army and RSF resume peace talks in Jeddah", "", D),
    # a person sanctioned before, named in a strike report; the headline of sanctions is a move
    case(
        "sanctioned-person-killed",
        "Drone strike kills militia financier sanctioned by US, Iraqi officials say",
        "",
        C,
    ),
    case("sanctioned-headline", "Wagner commanders sanctioned by EU over Sudan war", "", D),
    # a fact-check of a speech reports no move
    case(
        "fact-check",
        "Fact-checking the Ukrainian president's speech to Congress",
        "He pledged to keep fighting until every prisoner is released by Russia.",
    ),
    # a summit as the place something else was said
    case(
        "summit-sidelines",
        "Norway weighs sending more air defence to Ukraine",
        "The defence minister said on the sidelines of the NATO summit that a decision was near.",
    ),
    # crowds demanding a release are comment
    case(
        "vigil-for-hostages",
        "Thousands hold vigil for Israeli hostages in Tel Aviv",
        "Marchers carried candles to demand the release of those held in Gaza.",
    ),
    # an armed group disarming or let aid in: moves; police disarming a man: not
    case("group-disbands", "Militia in Ituri agrees to disarm and disband", "", D),
    case("police-disarm", "Police disarm man with knife at Leeds station", ""),
    case(
        "aid-let-in",
        "First aid trucks in weeks after Israel allows limited food into Gaza",
        "",
        D,
    ),
    # an arms-control treaty binds states in peace
    case("landmine-treaty", "Finland to leave landmine treaty, citing Russian threat", ""),
    # killings of an event of a past century, revisited by a later story
    case(
        "past-century-event",
        "Museum opens exhibition on the 1982 Lebanon war",
        "It recalls the 1982 siege, during which Israeli shelling killed hundreds in Beirut.",
    ),
    # a reprisal's cause, however its claim is worded, is not the item's casualty
    case(
        "cause-claimed-by-group",
        "Israeli jets strike Hodeidah port",
        "The strikes came a day after the Iran-backed group claimed a deadly attack on Eilat.",
    ),
    # voices that weigh the prospects, and people who no longer hold an office
    case(
        "some-say-negotiations",
        "Karabakh: a year on",
        "Some say there is no alternative to negotiations with Baku.",
    ),
    case(
        "former-diplomats-urge",
        "Former diplomats urge inquiry into Yemen arms sales",
        "A group of former British diplomats called on the government to publish its review.",
    ),
    # a scandal's name and a unilateral plan's are no exchange or deal
    case(
        "prisoner-abuse-report",
        "Generals criticised over Iraq prisoner abuse",
        "Two reports released on Tuesday fault the commanders at the jail.",
    ),
    # how the violated truce came about is its past, not a move of the day
    case(
        "violated-truce-brokered-by",
        "Rebels accused of breaching truce in Kivu a day after it began",
        "The army said rebels shelled its positions. The truce, mediated by Angola, was meant to "
        "end two years of fighting.",
        V,
    ),
    case(
        "violated-truce-took-effect-after-talks",
        "Yemen's warring sides trade accusations of truce breaches",
        "The truce took effect on Sunday after weeks of negotiations in Muscat.",
        V,
    ),
    case(
        "violated-truce-agreed-to-end",
        "Azerbaijan says Armenia broke the ceasefire",
        "Baku said Yerevan violated a truce the two sides agreed on Friday to end the fighting.",
        V,
    ),
    # accusations traded are no exchange
    case(
        "exchange-accusations",
        "Armenia and Azerbaijan exchange accusations over border shooting",
        "",
    ),
    # praise, or a standing description, is no recognition decision
    case(
        "recognized-for-excellence",
        "Two Kyiv restaurants recognized for their service",
        "Both kitchens kept working through the war.",
    ),
    case(
        "is-recognized-as",
        "Russia sends two warships toward Odesa",
        "Such a deployment is recognized as a show of force.",
    ),
    # a body found is no exchange of bodies
    case(
        "found-body-of-diplomat",
        "Diplomat found dead at home in Tel Aviv",
        "Police found the body of the 61-year-old; officials blamed heart failure.",
    ),
    # talks at a standstill, a release only sought, a visit to one's own troops
    case(
        "talks-stalled-live-page",
        "Gaza war live: strikes hit Rafah as the war goes on",
        "Negotiations appear to have stalled in Doha.",
    ),
    case(
        "efforts-to-secure-release",
        "Seoul steps up efforts in Afghanistan",
        "Officials are working to secure the release of hostages held by the Taliban.",
    ),
    case(
        "visits-own-troops",
        "Defence minister visits troops near Kharkiv with the US ambassador",
        "He met soldiers at the front and handed out medals.",
    ),
    # mediating a political crisis, not a war
    case(
        "mediate-political-crisis",
        "EU moves to mediate the political crisis in Armenia after disputed vote",
        "",
    ),
    # a host meeting two countries long at odds meets the parties of their conflict
    case(
        "host-meets-both-sides",
        "Macron hosts Armenian and Azerbaijani foreign ministers in Paris",
        "",
        D,
    ),
    case("host-meets-one-side", "Macron hosts Armenian foreign minister in Paris", ""),
    case("one-country-two-words", "Armenia and Armenian diaspora leaders meet in Yerevan", ""),
    # civilians a state held, freed in a swap between governments, are no war's
    # prisoners; prisoners of war or soldiers among them still are
    case(
        "academic-freed-in-swap",
        "Iran frees jailed French academic in prisoner swap after bomb plot case",
        "",
    ),
    case(
        "reporter-freed-in-swap",
        "Russia releases US reporter in prisoner exchange as Ukraine war rages",
        "",
    ),
    case(
        "pows-and-journalists-swapped",
        "Kyiv and Moscow swap 90 prisoners of war, including two journalists",
        "",
        D,
    ),
    case(
        "students-and-fighters-freed",
        "Israel frees Palestinian students and fighters in prisoner exchange",
        "",
        D,
    ),
    # a peace plan named in the sentence that reports its truce broken is that
    # truce's frame; a plan put forward now, its verb right before it, is a move
    case(
        "plan-frames-breach",
        "Clashes test the Yemen truce as parties prepare for the next stage of the UN peace plan",
        "",
        V,
    ),
    case(
        "breach-undermines-plan",
        "Kyiv accuses Moscow of breaching the truce, says the strikes endanger the peace plan",
        "",
        V,
    ),
    case(
        "breach-as-plan-unveiled",
        "Shelling breaks Gaza truce as US unveils new peace plan",
        "",
        V,
        D,
    ),
    # sanctions that lawmakers only call for are a demand, not a decision
    case(
        "senators-call-for-sanctions",
        "Senators call for sanctions as Russian strikes pound Kyiv",
        "",
    ),
    case(
        "mps-press-for-sanctions",
        "Ukraine war: British MPs press for tougher sanctions on Moscow",
        "",
    ),
    case(
        "government-imposes-sanctions",
        "UK imposes tougher sanctions on Moscow over Ukraine war",
        "",
        D,
    ),
    # sanctions escaped or only possible are not imposed
    case(
        "to-avoid-sanctions",
        "RSF commanders pull fighters back from El Fasher to avoid sanctions",
        "",
    ),
    # a party told or deciding to stop shooting: an order to cease fire
    case("told-to-cease-fire", "Cleric tells his militia to cease fire across Basra", "", D),
    case(
        "announced-to-stop-the-fire",
        "Rebels announce a decision to stop the fire unilaterally in Bunia",
        "",
        D,
    ),
    case("refused-to-cease-fire", "Militia refused to cease fire in Najaf", ""),
    case("gunman-told-to-stop-firing", "Police told the gunman to stop firing at the mall", ""),
    # a talks word in a speaker's title is an office, not talks
    case(
        "negotiating-team-in-title",
        "Rebels deny breaking the truce in Kayah",
        "Khun Bedu, head of the rebel negotiating team, said the clashes were self-defence "
        "by units attacked by the army.",
        V,
    ),
    case(
        "negotiating-team-meets",
        "Rebel negotiating team meets junta envoys in Kunming",
        "",
        D,
    ),
    # an envoy named only as the source of a remark on an election
    case(
        "envoy-as-source",
        "UN says Libya vote can give the country a fresh start",
        "Libyans can choose a legitimate government for the first time since the war, the UN's "
        "envoy to the country said.",
    ),
    # a pit's own blast; the deadly fighting a truce was meant to end
    case(
        "coal-mine-blast",
        "At least nine dead in Donbas mine blast",
        "A methane explosion hit the shaft while 30 miners were underground.",
    ),
    case(
        "truce-to-end-deadly-clashes",
        "Tajikistan and Kyrgyzstan sign border deal",
        "The leaders met in Dushanbe; the truce of May was meant to end months of deadly clashes.",
        D,
    ),
    # a death named only by its victim's name is a reference, not a report
    case(
        "retaliation-for-death-of-named",
        "Two charged over hacking of US websites",
        "The cyberattacks avenged the death of Gen. Qassim Suleimani, prosecutors said.",
    ),
    # an aim is no deed; an illness no conflict casualty
    case(
        "plot-to-kill",
        "Officials say militants were paid bounties to kill troops in Afghanistan",
        "",
    ),
    case(
        "pandemic-deaths-in-crisis",
        "As politicians clashed, the country's pandemic deaths soared",
        "",
    ),
    # labour, trade and nuclear-programme talks are no war's diplomacy, whatever
    # the "conflict", "war" or "truce" they name
    case(
        "pay-deal-averts-strike-action",
        "Port workers and employers agree new contract, averting strike action",
        "The union recognised the employers' investment and accepted their last wage proposal, "
        "a negotiator for the shippers said.",
    ),
    case(
        "call-on-trade-conflict",
        "Washington and Beijing officials hold call on trade conflict",
        "Officials spoke by phone with their counterparts to discuss the dispute.",
    ),
    case(
        "talks-after-tariff-war-truce",
        "Negotiators to meet in Geneva after truce in tariff war",
        "A delegation will travel to Geneva next month for talks, officials said.",
    ),
    case(
        "nuclear-disarmament-talks",
        "Envoy says Pyongyang open to nuclear disarmament talks",
        "",
    ),
    case(
        "manager-pay-off-talks",
        "Club in talks with manager over pay-off on his contract",
        "Both sides agreed a new deal last year.",
    ),
    # monitors named for a truce are not the truce: their talks breaking down breaks none
    case(
        "truce-observers-talks-break-down",
        "Talks on protecting ceasefire observers break down in Geneva",
        "",
        D,
    ),
    # diplomacy told as the background of a breach or an attack is no move of the day:
    # the truce ending as fighting resumes, the violated truce's making, efforts an
    # attack undermines, talks that only date the attack, the truce's description
    case(
        "truce-ends-as-fighting-resumes",
        "Holiday truce ends as fighting resumes around the port city",
        "",
    ),
    case(
        "violated-truce-told-as-agreed",
        "President accuses both armies of breaching truce",
        "He had announced on Sunday that the two sides had agreed to a full and complete "
        "ceasefire.",
        V,
    ),
    case(
        "breach-undermines-diplomatic-efforts",
        "Ministry accuses rebels of serious violation of the ceasefire agreement",
        "The statement said the attack undermines diplomatic efforts to ease tensions.",
        V,
    ),
    case(
        "first-attack-since-talks-resumed",
        "Guerrillas kill three soldiers in bomb attack",
        "It was the deadliest attack by the group since it returned to peace negotiations "
        "last month.",
        C,
    ),
    case(
        "violated-truce-is-part-of-a-plan",
        "Mortar fire hits frontline town despite truce",
        "The truce is part of a wider peace plan negotiated by foreign ministers in Geneva "
        "last week.",
        V,
    ),
    case(
        "renewed-clashes-are-no-renewed-truce",
        "Renewed clashes put truce into deepening peril",
        "",
        V,
    ),
    # a plea for a kidnapped hostage's release is an appeal, not an exchange
    case(
        "plea-for-kidnapped-hostage",
        "Former MP makes plea for hostage release",
        "He appealed for the release of an aid worker kidnapped in Iraq.",
    ),
    # attacks that wear a truce down endanger it: a breach once an act is reported
    case(
        "latest-incident-to-erode-truce",
        "Drone strike kills two in south, the latest incident to erode a fragile truce",
        "",
        V,
        C,
    ),
    case("shelling-rattles-ceasefire", "Shelling rattles fragile ceasefire in the east", "", V),
    case(
        "ceasefire-hangs-by-a-thread",
        "Ceasefire hangs by a thread as shelling resumes in the north",
        "",
        V,
    ),
    # the dead honoured as martyrs, and lives an attack claims, are killed
    case("soldiers-martyred", "Two soldiers martyred as rebels shell border posts", "", C),
    case("shelling-claims-lives", "Artillery strike claims lives in border village", "", C),
    case(
        "one-fatality",
        "Mortar attack on market leaves one fatality, officials say",
        "",
        C,
    ),
    # deals to deport people the police suspect are immigration policy, no war's deal
    case(
        "deals-to-deport-terror-suspects",
        "Deals sought to deport terror suspects to their home countries",
        "",
    ),
    # talks said to yield nothing, and talks a participle describes, are no move
    case(
        "no-progress-from-renewed-talks",
        "Tank fire kills two in Gaza, with no sign of progress from the renewed talks on a "
        "lasting truce",
        "",
        C,
    ),
    # a death count rising is a toll; a death in a hospice is an illness's
    case(
        "death-count-rises",
        "Gaza health officials say the death count continues to rise",
        "Israeli shelling hit Rafah overnight.",
        C,
    ),
    case(
        "death-in-hospice",
        "Former defence minister dies in hospice",
        "He had served in the cabinet during the Northern Ireland troubles.",
    ),
    # bloodshed that names a stretch of the war gone by is no casualty report of the day
    case(
        "months-of-bloodshed-before-truce",
        "Ceasefire largely holding in the east",
        "After more than three months of bloodshed, the truce held back fighting on Saturday, "
        "though both sides said the other had violated it.",
        V,
    ),
    case(
        "truce-ended-the-bloody-clashes",
        "Rebels keep up fighting in the capital",
        "Troops and rebels battled on Sunday even as the truce that ended the bloody clashes "
        "in the south held for a third day.",
    ),
    # children a war deported, and a mediated return of them, are the war's diplomacy
    case(
        "mediated-return-of-deported-children",
        "Qatar mediates return of children deported from Ukraine during the war",
        "Kyiv and Moscow agreed under Qatari mediation to return 20 deported children.",
        D,
    ),
    # an attack that tests or shakes a truce endangers it; leaders shaking hands on one do not
    case("rocket-fire-tests-truce", "Rocket fire tests fragile Gaza truce", "", V),
    case("mortar-fire-shakes-truce", "Mortar fire shakes shaky truce in Kashmir", "", V),
    case(
        "commanders-shake-hands-at-truce-talks",
        "Rival commanders shake hands at truce talks",
        "",
        D,
    ),
]

#: Negation, each rule with its un-negated twin beside it: a negated breach, a hostile act
#: said not to happen or to have stopped, and harm or talks denied, give no label.
NEGATION_CASES: list[Case] = [
    # a breach negated by a determiner: "no violations", "no ceasefire breach"
    case("no-breach-of-the-truce", "No violations of the humanitarian truce were reported", ""),
    case("breach-of-the-truce", "Violations of the humanitarian truce were reported", "", V),
    case("monitors-report-no-violations", "Monitors report no violations of the ceasefire", ""),
    case("no-breaches-of-the-ceasefire", "There were no breaches of the ceasefire on Sunday", ""),
    case("no-truce-violations", "Both sides said there were no truce violations overnight", ""),
    case("no-ceasefire-breach", "No ceasefire breach was registered along the line of contact", ""),
    case("ceasefire-breach", "A ceasefire breach was registered along the line of contact", "", V),
    # a hostile act negated before it: "no shelling"
    case("no-shelling-despite", "Despite the truce, no shelling was reported in Tartar", ""),
    case("shelling-despite", "Despite the truce, shelling was reported in Tartar", "", V),
    case("no-attacks-since", "No attacks since the truce took effect, the ministry said", ""),
    case("truce-holding-no-shelling", "Truce holding: no shelling reported overnight", ""),
    # a hostile act negated after it: "shelling did not resume"
    case("act-did-not-resume", "Truce holds: shelling did not resume overnight", ""),
    case("act-has-not-resumed", "Despite the truce, fighting has not resumed in Stepanakert", ""),
    case("act-resumed-despite", "Despite the truce, fighting has resumed in Stepanakert", "", V),
    case(
        "fire-not-heard-despite", "Despite the truce, mortar fire has not been heard in Kadugli", ""
    ),
    case("act-not-resumed-since", "Shelling has not resumed since the truce took effect", ""),
    case("act-resumed-since", "Shelling has resumed since the truce took effect", "", V),
    # a hostile act that has stopped, with nothing between: "the shelling has stopped"
    case("act-stopped-since", "Since the truce took effect, the shelling has stopped", ""),
    case(
        "act-ceased-after", "Hours after the truce took effect, attacks ceased along the front", ""
    ),
    case("act-after-truce", "Hours after the truce took effect, attacks hit the front", "", V),
    case("truce-holding-fighting-stopped", "The truce is holding and the fighting has stopped", ""),
    # harm denied, by a determiner or a verb
    case("no-one-killed", "No one was killed in the shelling of Stepanakert, officials said", ""),
    case("nobody-hurt", "Nobody was hurt when a shell hit a school in Ganja", ""),
    case("residents-not-hurt", "Residents were not hurt in the shelling of Tartar", ""),
    case("soldier-not-killed", "The soldier was not killed, the army said, denying reports", ""),
    case("soldiers-killed", "Two soldiers were killed in the shelling of Tartar", "", C),
    # harm denied by a count of none: "has not recorded a single death"
    case(
        "not-recorded-a-single-death",
        "Monitors have not recorded a single civilian death since the truce in Kachin began",
        "",
    ),
    case(
        "not-reported-any-deaths", "Police have not reported any deaths in the Marib shelling", ""
    ),
    # a truce said not to have been made, or not to be in place
    case(
        "did-not-declare-truce",
        "Junta did not declare a ceasefire for the festival, rebels say",
        "",
    ),
    case(
        "declared-truce-twin",
        "Junta declared a ceasefire for the festival, rebels say",
        "",
        D,
    ),
    case(
        "no-truce-in-place",
        "Army and rebels clash in Shan state",
        "With no holiday truce in place, the two sides fought for hours near Lashio.",
    ),
    case(
        "truce-in-place-twin",
        "Army and rebels clash in Shan state",
        "With the holiday truce in place, the two sides still fought for hours near Lashio.",
        V,
    ),
    # talks refused: a verb that negates the move
    case("refused-to-meet", "The president refused to meet the envoy in Baku", ""),
    case("declined-talks", "The president declined to hold talks with the rebels", ""),
]

ALL_CASES = (
    NEGATION_CASES
    + VIOLATION_CASES
    + DIPLOMACY_CASES
    + CASUALTY_CASES
    + MIXED_CASES
    + HEADLINE_CASES
    + WIRE_CASES
    + REAL_FEED_CASES
    + GENERAL_FEED_CASES
)

#: (id, title, summary, killed, wounded)
FIGURE_CASES: list[tuple[str, str, str, int | None, int | None]] = [
    ("digits", "Airstrike on Mogadishu market kills 12", "", 12, None),
    # how they were killed stands between the victims and the verb
    (
        "manner-adverb-before-verb",
        "In Mali, about 60 villagers were brutally killed by jihadist militants on Sunday",
        "",
        60,
        None,
    ),
    # a bare number with its own harm noun is another harm's count
    (
        "deaths-of-and-injuries",
        "Russian missile strikes on Kharkiv resulted in the deaths of nine people and "
        "nearly 50 injuries",
        "",
        9,
        50,
    ),
    # an earlier event's clause opened by "after" may have a long subject
    (
        "after-clause-long-subject",
        "Shelling of Donetsk killed 14 people on Saturday. The attack came the day after "
        "an eight-hour artillery barrage across the region killed at least 39 civilians.",
        "",
        14,
        None,
    ),
    # a record "in the history of" a country is no history: the event's toll counts
    (
        "deadliest-in-history-of",
        "In one of the deadliest attacks in the history of Nigeria, 80 villagers were "
        "killed by gunmen in Zamfara",
        "",
        80,
        None,
    ),
    (
        "words-summed-across-groups",
        "Ambush near Beni",
        "Three soldiers and two civilians were killed in the ambush, the army said.",
        5,
        None,
    ),
    (
        "at-least-more-than",
        "At least 15 killed and more than 40 wounded in Maiduguri bombing",
        "",
        15,
        40,
    ),
    ("vague-dozens", "Dozens killed in attack on displacement camp in Ituri", "", None, None),
    (
        "vague-group-in-total",
        "Raid on Darfur village",
        "Two police officers and several civilians were killed.",
        None,
        None,
    ),
    (
        "hurt-is-wounded",
        "Grenade blast in Bujumbura bar",
        "Five people were hurt when the grenade went off, police said.",
        None,
        5,
    ),
    ("injured-is-wounded", "Drone strike on Odesa port injures seven", "", None, 7),
    ("shot-dead-singular", "Aid worker shot dead in Kandahar", "", 1, None),
    (
        "a-woman-killed",
        "Shell hits home in Kharkiv",
        "A woman was killed and her two children were wounded.",
        1,
        2,
    ),
    (
        "died-is-killed",
        "Mortar attack on Kismayo base",
        "Four soldiers died and eleven were injured, officials said.",
        4,
        11,
    ),
    (
        "time-and-date-ignored",
        "Militants attack army base",
        "Militants attacked the base at 03:00 on March 12, killing 7 soldiers.",
        7,
        None,
    ),
    (
        "calibre-ignored",
        "Rockets hit school in Idlib",
        "Two 122 mm rockets hit a school, wounding 9 children.",
        None,
        9,
    ),
    (
        "sum-across-sides",
        "Border clash on Badme front",
        "Eritrea said 7 of its soldiers were killed. Addis Ababa said 4 of its troops died.",
        11,
        None,
    ),
    (
        "death-toll-rose",
        "Car bombing in Mogadishu",
        "The death toll from Sunday's car bombing rose to 27, officials said.",
        27,
        None,
    ),
    (
        "left-dead",
        "Gunmen attack village in Plateau state",
        "The gunmen stormed the village at night, leaving 40 dead and 12 injured.",
        40,
        12,
    ),
    (
        "subset-not-added",
        "Shelling of Donetsk market",
        "At least 30 people, including eight children, were killed.",
        30,
        None,
    ),
    (
        "troop-count-ignored",
        "Peacekeepers killed in Kidal",
        "The 12,000-strong mission said 3 peacekeepers were killed.",
        3,
        None,
    ),
    (
        "prisoners-not-casualties",
        "Sides swap 300 prisoners",
        "Two soldiers were killed in a separate attack on Friday.",
        2,
        None,
    ),
    ("year-ignored", "Ambush in Cauca kills 6", "It was the deadliest attack since 2016.", 6, None),
    (
        "attackers-added",
        "Police officer killed in attack on Grozny checkpoint",
        "Two attackers were killed in the ensuing gunfight.",
        3,
        None,
    ),
    ("no-casualty-no-figure", "Sides swap 300 prisoners in Istanbul deal", "", None, None),
    (
        "two-sides-two-sentences",
        "Kyiv says 30 soldiers killed in border assault",
        "Moscow said 25 of its servicemen died in the fighting.",
        55,
        None,
    ),
    ("hundreds-vague", "Hundreds killed in siege of El Fasher", "", None, None),
    ("several-vague", "Rocket hits Kharkiv market; several wounded", "", None, None),
    ("many-vague", "Many civilians killed in Tigray air strike, witnesses say", "", None, None),
    (
        "beaten-singular",
        "Opposition activist beaten by police in Kampala",
        "The activist was taken to hospital, his party said.",
        None,
        1,
    ),
    (
        "including-then-injures",
        "Missile strike on Kyiv kills 31, including 5 children, and injures more than 150",
        "",
        31,
        150,
    ),
    (
        "scores-wounded",
        "Market shooting",
        "Twenty-seven people were killed and scores wounded when gunmen opened fire.",
        27,
        None,
    ),
    (
        "among-the-killed",
        "Airstrike on Saada",
        "Two journalists were among the 12 people killed.",
        12,
        None,
    ),
    ("bare-singular-noun", "Israeli army says soldier killed in Gaza", "", 1, None),
    (
        "two-sides-one-phrase",
        "Three Turkish soldiers and 12 PKK militants killed in clashes",
        "",
        15,
        None,
    ),
    (
        "hundreds-more-injured",
        "Battle for El Fasher",
        "At least 50 people have died in the fighting, the Red Cross said, and hundreds more "
        "have been injured.",
        50,
        None,
    ),
    (
        "possessive-group",
        "A roadside bomb killed a district governor and his two bodyguards",
        "",
        3,
        None,
    ),
    (
        "killing-and-wounding",
        "Militants attack convoy in Borno, killing nine and wounding 23",
        "",
        9,
        23,
    ),
    ("left-people-dead", "Car bomb in Kabul", "The attack left 14 people dead.", 14, None),
    (
        "among-them-subset",
        "Shelling of Bakhmut",
        "Eleven civilians, among them four children, were killed.",
        11,
        None,
    ),
    ("another-wounded", "Border clash", "One soldier was killed and another wounded.", 1, 1),
    (
        "lost-their-lives",
        "Ambush in Tillaberi",
        "Seventeen soldiers lost their lives and 20 were injured.",
        17,
        20,
    ),
    (
        "hospitalised",
        "Rocket attack on Sderot",
        "Six people were hospitalised with shrapnel wounds.",
        None,
        6,
    ),
    (
        "killed-a-child-injured-a-nurse",
        "Drone strikes on Port Sudan",
        "Officials said the strikes killed a child and injured a nurse.",
        1,
        1,
    ),
    (
        "others-wounded-next-sentence",
        "IED attack",
        "A soldier was killed when his vehicle struck a bomb. Two others were wounded.",
        1,
        2,
    ),
    (
        "fighters-and-civilians-died",
        "Fighting in Mogadishu",
        "Officials said 10 fighters and 4 civilians died, while 30 people were wounded.",
        14,
        30,
    ),
    (
        "siege-with-subset",
        "Al-Shabaab claims attack on Mogadishu hotel",
        "At least nine people were killed, including two soldiers, police said.",
        9,
        None,
    ),
    (
        "two-of-its-fighters",
        "Hezbollah fires rockets in retaliation",
        "The group said an Israeli raid killed two of its fighters on Tuesday.",
        2,
        None,
    ),
    (
        "despite-truce-and-bystanders",
        "Israel kills Hamas commander in Sidon strike despite truce",
        "Lebanese officials said the strike also wounded three bystanders.",
        1,
        3,
    ),
    ("lightly-hurt", "Houthi drone hits Eilat hotel; 22 lightly hurt", "", None, 22),
    (
        "shot-dead-during-raid",
        "Jihadists abduct 50 students in Borno",
        "Police said a security guard was shot dead during the raid.",
        1,
        None,
    ),
    ("nationality-as-person", "Palestinian killed by settlers in West Bank village", "", 1, None),
    (
        "among-them-wounded",
        "Russian glide bomb kills four in Zaporizhzhia",
        "The governor said 15 people were wounded, among them two children.",
        4,
        15,
    ),
    ("executed", "Fighters executed 40 civilians in central Mali, rights group says", "", 40, None),
    (
        "hundreds-of-thousands-displaced",
        "Fighting in Darfur",
        "Hundreds of thousands were displaced and 12 people were killed.",
        12,
        None,
    ),
    # --- varied phrasings: number words, lists, ages, sides, bodies, and
    # numbers that stand beside casualties without counting them ---
    ("a-dozen", "Air raid on Kordofan market", "A dozen traders were killed.", 12, None),
    ("two-dozen", "Two dozen villagers killed in raid on Zamfara hamlet", "", 24, None),
    ("half-a-dozen", "Shelling of Avdiivka", "Half a dozen civilians were wounded.", None, 6),
    ("nearly-a-dozen", "Mortar fire hits Kismayo camp, killing nearly a dozen", "", 12, None),
    ("comma-digits", "Sudan war death toll passes 61,000, study says", "", 61000, None),
    (
        "comma-digits-wounded",
        "Pager blasts in Lebanon",
        "The explosions wounded 2,931 people.",
        None,
        2931,
    ),
    ("left-n-dead", "Clan fighting in Galkayo", "The clashes left 19 dead, elders said.", 19, None),
    (
        "left-n-dead-and-m-wounded",
        "Rebel attack in Ituri",
        "The raid left eight people dead and 15 wounded.",
        8,
        15,
    ),
    (
        "claimed-n-lives",
        "Bombing of Peshawar mosque",
        "The blast claimed 101 lives, police said.",
        101,
        None,
    ),
    (
        "claimed-the-lives-of",
        "Car bomb in Mogadishu",
        "The attack claimed the lives of 23 people near the port.",
        23,
        None,
    ),
    (
        "lives-saved-not-lost",
        "Medics in Khartoum",
        "Surgeons saved 40 lives after the raid.",
        None,
        None,
    ),
    ("n-dead-m-hurt", "Five dead, 12 hurt in Jalalabad bombing", "", 5, 12),
    ("n-killed-m-injured-semicolon", "Kabul rocket attack: 3 killed; 11 injured", "", 3, 11),
    (
        "killing-and-wounding-words",
        "Drone strike on Houthi rally",
        "The drone struck the crowd, killing thirty-one people and wounding fifty.",
        31,
        50,
    ),
    (
        "victims-listed-by-group",
        "Ambush on Cauca highway",
        "Two policemen, a teacher and three children were killed.",
        6,
        None,
    ),
    ("single-nurse", "Hospital hit in Kharkiv", "A nurse was killed, the governor said.", 1, None),
    ("single-teacher-wounded", "Sniper fire in Gaza City", "A teacher was wounded.", None, 1),
    (
        "age-boy-killed",
        "Shell hits home in Donetsk",
        "A 12-year-old boy was killed and his mother wounded.",
        1,
        1,
    ),
    ("age-alone", "Gunfire in Jenin camp", "A 15-year-old was shot dead by troops.", 1, None),
    ("age-plural", "Strike on Idlib school", "Two 10-year-old girls were injured.", None, 2),
    (
        "date-before-victims",
        "Attack on Borno camp",
        "On 7 March, 14 displaced people were killed by suicide bombers.",
        14,
        None,
    ),
    (
        "time-and-distance",
        "Border post attacked",
        "Five soldiers were killed at 0300 local time, 40 km north of the town.",
        5,
        None,
    ),
    ("calibre-in-title", "155mm shell kills two in Kherson", "", 2, None),
    ("kilometres", "Shelling 12 km from the front kills three", "", 3, None),
    (
        "prisoners-beside-toll",
        "Sides swap 90 prisoners after clash",
        "A separate clash on Tuesday left two soldiers dead.",
        2,
        None,
    ),
    (
        "troops-beside-toll",
        "Army deploys 5,000 troops to Tigray border after ambush kills 7",
        "",
        7,
        None,
    ),
    ("about-220", "Rocket barrage", "About 220 people were injured, medics said.", None, 220),
    ("more-than-200", "Siege of El Fasher", "More than 200 civilians have been killed.", 200, None),
    ("nearly-300", "Battle for Marawi", "Nearly 300 fighters died in the battle.", 300, None),
    (
        "vague-subset-ignored",
        "Air strikes on Sanaa",
        "At least 20 people, many of them children, were killed.",
        20,
        None,
    ),
    (
        "vague-group-in-total-unknown",
        "Jos clashes",
        "Four soldiers and dozens of villagers were killed.",
        None,
        None,
    ),
    ("no-one-killed", "Rocket hits Sderot house", "No one was killed, police said.", None, None),
    (
        "two-sides-no-marker",
        "Border clash in Ladakh",
        "Delhi says 15 soldiers died, Beijing lost 7.",
        22,
        None,
    ),
    ("lost-soldiers", "Mali army lost 16 soldiers in Boulkessi attack", "", 16, None),
    ("lost-not-people", "Rebels lost 40 villages in the offensive", "", None, None),
    (
        "bodies-of-stated-killed",
        "Bodies of 12 executed men found near Izium",
        "Investigators said the men had been killed by occupying troops.",
        12,
        None,
    ),
    (
        "remains-of-victims",
        "Remains of 9 victims handed over in Kosovo",
        "The victims were killed in the 1999 massacre, officials said.",
        9,
        None,
    ),
    (
        "bodies-without-killing",
        "Bodies of 30 migrants recovered off Libya",
        "The coast guard said the boat capsized.",
        None,
        None,
    ),
    (
        "hit-n-times-recovering",
        "Guard shot at checkpoint",
        "The guard was hit four times and is recovering.",
        None,
        1,
    ),
    ("shot-dead-active", "Gunmen shot dead five farmers in Benue", "", 5, None),
    ("behead", "Militants behead 11 villagers in Cabo Delgado", "", 11, None),
    ("couple-killed", "Drone strike kills elderly couple in Kherson", "", 2, None),
    # a nationality before a plural noun is an adjective, not one person
    (
        "nationality-before-plural-is-no-count",
        "Bodies returned under truce",
        "The bodies of Armenian servicemen killed in the fighting were handed over.",
        None,
        None,
    ),
    (
        "nationality-plural-victims",
        "Air strike kills Palestinian civilians in Rafah",
        "",
        None,
        None,
    ),
    ("nationality-with-number", "Two Syrian soldiers killed in Idlib shelling", "", 2, None),
    ("nationality-as-noun", "Palestinian killed in West Bank raid", "", 1, None),
    (
        "father-and-children",
        "Strike on Rafah tent",
        "The strike killed a father and his three children.",
        4,
        None,
    ),
    ("president-killed", "Rebels say President killed in ambush", "", 1, None),
    (
        "family-of-five",
        "Missile hits Dnipro apartment block",
        "A family of five was killed, rescuers said.",
        5,
        None,
    ),
    (
        "comma-list-headline",
        "Ambush kills 9 policemen, 2 civilians in Zamfara",
        "",
        11,
        None,
    ),
    (
        "leaves-groups-dead",
        "Fighting in Tillaberi leaves 3 soldiers, 7 militants dead",
        "",
        10,
        None,
    ),
    ("executed-hostages", "Militants executed 11 hostages, army says", "", 11, None),
    (
        "killed-and-wounded-side-report",
        "Three Syrian soldiers killed in Turkish shelling",
        "Ankara said five of its troops were wounded.",
        3,
        5,
    ),
    (
        "victims-by-side-sum",
        "Clashes on Abyei border",
        "Juba said 12 of its soldiers were killed and Khartoum said 9 of its troops died.",
        21,
        None,
    ),
    (
        "toll-restated-not-doubled",
        "Rocket attack kills 8 in Kramatorsk",
        "Eight people were killed and 20 injured when rockets hit the station.",
        8,
        20,
    ),
    (
        "cumulative-toll",
        "War in Sudan has killed at least 150,000 people, envoy says",
        "",
        150000,
        None,
    ),
    (
        "targets-not-people",
        "Hamas says 20 killed in overnight raids",
        "Israel said its jets struck 150 targets across the strip.",
        20,
        None,
    ),
    (
        "time-of-blast",
        "Blast at Quetta railway station",
        "The explosion at 8:45 killed 26 people.",
        26,
        None,
    ),
    # how phrases add up: side tolls, breakdowns, earlier events, bodies
    (
        "breakdown-by-side-is-the-total",
        "Twelve peacekeepers killed near Beni",
        "Pakistan said eight of its soldiers died, Nepal lost three and Tanzania one.",
        12,
        None,
    ),
    (
        "side-toll-restating-the-total",
        "Israel says two soldiers killed in Gaza",
        "The military said two of its soldiers were killed in the south of the strip.",
        2,
        None,
    ),
    (
        "earlier-event-added",
        "Army shells villages after two soldiers killed",
        "At least 30 villagers were killed in the shelling, residents said.",
        32,
        None,
    ),
    (
        "earlier-event-restated",
        "Army retaliates after three soldiers killed",
        "Three soldiers were killed on Sunday, the army said.",
        3,
        None,
    ),
    ("more-added-to-the-toll", "Gaza death toll rises to 30 after 12 more killed", "", 30, None),
    (
        "bodies-exchanged-both-ways",
        "Ukraine receives bodies of 757 soldiers",
        "Kyiv said the bodies of 34 Russian soldiers killed in the fighting were sent back, "
        "and that the 757 had been killed near Bakhmut.",
        791,
        None,
    ),
    (
        "victims-are-the-dead",
        "Funeral held for 21 victims of school attack",
        "Gunmen killed pupils and teachers on Monday.",
        21,
        None,
    ),
    (
        "victims-with-injuries-are-not-only-dead",
        "Gunmen kill 12 in Kaduna; 30 victims treated",
        "Twelve people were killed and 30 injured.",
        12,
        30,
    ),
    ("named-victim-after-says", "Hezbollah confirms Nasrallah killed in strike", "", 1, None),
    ("named-victim-opens-title", "Soleimani killed in US drone strike in Baghdad", "", 1, None),
    ("plural-group-is-no-name", "Army Says Soldiers Killed In Ambush", "", None, None),
    (
        "year-is-no-count",
        "Survivors recall the 1995 massacre",
        "Thousands were killed.",
        None,
        None,
    ),
    ("scare-quoted-group", "Burkina army says 47 'terrorists' killed in operation", "", 47, None),
    ("scare-quoted-person", "Israeli army says it killed 'terrorist' in Tubas", "", 1, None),
    (
        "possessive-apostrophe-kept",
        "Hezbollah's top commander killed in Beirut strike",
        "",
        1,
        None,
    ),
    ("killing-of", "UN condemns the killing of three aid workers in Darfur", "", 3, None),
    ("deaths-of", "Outrage over the deaths of 30 civilians in Idlib strike", "", 30, None),
    ("massacre-of", "Rights group documents massacre of 40 villagers in Mali", "", 40, None),
    ("death-of-a-soldier", "Inquiry into the death of a soldier at Kupiansk", "", 1, None),
    (
        "n-of-them-is-a-subset",
        "Shelling of Marinka",
        "The strike killed 12 people, six of them children, and wounded 20.",
        12,
        20,
    ),
    # how badly: adverbs and adjectives between the victims and the verb
    (
        "seriously-injured",
        "Militant attack on bus",
        "Nine passengers were seriously injured.",
        None,
        9,
    ),
    (
        "shrapnel-wounds-noun",
        "Shelling of Kherson",
        "Five people suffered shrapnel wounds.",
        None,
        5,
    ),
    (
        "treated-for-wounds",
        "Strike on Sumy",
        "Eight people were treated for wounds in hospital.",
        None,
        8,
    ),
    (
        "killed-and-critically-wounded",
        "Ambush near Tessit",
        "Two soldiers were killed and four critically wounded.",
        2,
        4,
    ),
    ("wounds-as-verb", "Drone strike wounds four in Nikopol", "", None, 4),
    ("fatally-shot", "Checkpoint attack", "A policeman was fatally shot.", 1, None),
    # the victims far from their verb
    (
        "member-of-mission",
        "Mine blast on patrol road",
        "A member of the monitoring mission was killed and three others were injured.",
        1,
        3,
    ),
    (
        "place-between",
        "Shelling of Kherson",
        "Four civilians in the city centre were wounded, officials said.",
        None,
        4,
    ),
    (
        "members-of-a-family",
        "Six members of a family killed as strike hits house in Rafah",
        "",
        6,
        None,
    ),
    ("reported-killed", "Clashes in Marib", "Seven fighters were reported killed.", 7, None),
    # lists and subsets
    (
        "subset-after-total",
        "Car bomb in Mogadishu",
        "Nine people including two children were killed.",
        9,
        None,
    ),
    (
        "vague-total-with-subset",
        "Missile strike on Dnipro",
        "One person was killed and dozens including three children were injured.",
        1,
        None,
    ),
    (
        "subset-inside-list",
        "Clashes in Sadr City",
        "The fighting left 20 people dead, including one policeman, and 45 people injured.",
        20,
        45,
    ),
    # the event's toll, not the war's
    (
        "event-over-cumulative",
        "Strike on school shelter kills 18",
        "More than 30,000 people have been killed since the war began, the ministry said.",
        18,
        None,
    ),
    (
        "earlier-event",
        "Bomb kills two in Pattani",
        "It follows the deaths of 40 villagers earlier this week.",
        2,
        None,
    ),
    (
        "cumulative-only",
        "War toll passes 10,000",
        "At least 10,000 civilians have been killed since the invasion, the UN said.",
        10000,
        None,
    ),
    ("wounded-as-adjective", "Outrage", "Soldiers shot a wounded prisoner dead.", 1, None),
    ("attempt-kills-no-one", "Governor survives assassination attempt", "", None, None),
    # no figure where there is no casualty report
    ("accident-has-no-figure", "Bus plunges into ravine, killing 30", "", None, None),
    ("quake-has-no-figure", "Earthquake that struck the region kills 40", "", None, None),
    # verbs of killing in pairs, as event notes word them
    (
        "shot-and-killed-one",
        "Attack near Kutum",
        "On 3 March, gunmen from a militia shot and killed a herder near Kutum, North Darfur.",
        1,
        None,
    ),
    (
        "shot-and-killed-three",
        "Militia raid in West Kordofan",
        "Armed men on motorbikes shot and killed three farmers and looted their homes.",
        3,
        None,
    ),
    (
        "stabbed-and-another-shot",
        "Militia attack on Abu Shouk camp",
        "One displaced man was stabbed and wounded, and another shot and wounded by militiamen.",
        None,
        2,
    ),
    # a further group with a verb of its own is no object of the first verb
    (
        "killed-and-others-wounded",
        "Shelling of Kadugli",
        "Artillery fire killed four civilians and six were wounded, medics said.",
        4,
        6,
    ),
    # a date before the noun is no count; the victims follow "of"
    (
        "dated-slaughter-of",
        "Rights group blames rebels",
        "The group said rebels carried out the June 9 slaughter of 60 villagers in Ituri.",
        60,
        None,
    ),
    # a vague headline over a definite summary
    (
        "vague-title-definite-summary",
        "Dozens of policemen killed in Borno ambush",
        "Boko Haram fighters killed 31 policemen on the Maiduguri road, officials said.",
        31,
        None,
    ),
    # ... but only a figure the vague word can round: "dozens" is no "dozen"
    (
        "vague-title-smaller-summary",
        "Dozens of fighters killed in Kidal ambush",
        "Video shows more than a dozen bodies in the sand.",
        None,
        None,
    ),
    # the wounded who died are counted dead only
    (
        "injured-then-died",
        "Captive dies after rescue raid",
        "One of three aid workers injured in the army's rescue raid on the rebel camp died "
        "of his injuries, the military said.",
        1,
        None,
    ),
    # "a US hostage" is one person, "US" no plural of "man"
    ("a-us-hostage", "A US hostage killed by his captors in Iraq", "", 1, None),
    # person words as adjectives before plural harm nouns give no count
    ("adjective-before-deaths", "Reports of mass civilian deaths in El Fasher", "", None, None),
    # an earlier event named as the cause, or as what someone is blamed for
    (
        "deaths-of-as-cause",
        "Bombs hit Yala",
        "A bomb killed three people on Friday, a week after the deaths of 40 protesters "
        "in custody.",
        3,
        None,
    ),
    (
        "blamed-for-earlier-bombing",
        "Army kills two militants",
        "Troops arrested a commander blamed for a market bombing that killed 20 and killed two "
        "militants in a raid.",
        2,
        None,
    ),
    # the toll of the attack a reprisal answers is not the item's
    (
        "reprisal-cause-wounded",
        "Air strikes kill 14 in Khan Younis",
        "Israel said it was responding to an attack on its troops that lightly wounded two.",
        14,
        None,
    ),
    # "murdering" and "a minimum of"
    (
        "murdering-minimum-of",
        "Militia breaks truce in Ituri, murdering a minimum of twelve villagers",
        "",
        12,
        None,
    ),
    # one person named in a summary
    (
        "killing-of-named-person",
        "Militants ambush convoy in Balochistan",
        "Pakistan condemned the killing of Abdul Rahim Baloch, a provincial minister.",
        1,
        None,
    ),
    (
        "named-who-was-killed",
        "Thousands mourn in Beirut",
        "Crowds gathered for the funeral of Col. Hassan Nasrallah, who was killed in an Israeli "
        "air strike on Monday.",
        1,
        None,
    ),
    (
        "named-us-marines-no-count",
        "Iraq attack",
        "Officials confirmed the deaths of US Marines in a roadside bombing near Falluja.",
        None,
        None,
    ),
    (
        "corpses-of",
        "Soldiers found executed",
        "The corpses of 14 soldiers were found after the militants executed them in Diyala.",
        14,
        None,
    ),
    # a body exchange of the war dead reports them, with the number of bodies
    (
        "fallen-soldiers-returned",
        "Armenia hands over 48 fallen soldiers to Azerbaijan",
        "",
        48,
        None,
    ),
    (
        "war-dead-exchanged-after-vague-earlier-toll",
        "Kyiv and Moscow swap remains",
        "The two sides exchanged the bodies of 300 fallen servicemen, a week after Russia "
        "accused Ukraine of killing dozens of its own troops.",
        300,
        None,
    ),
    # what rebels did before the event reported, after "after", is not its toll
    (
        "earlier-vague-killing-after",
        "Four die in Tillaberi ambush",
        "Three soldiers and a guide died on Monday, a day after jihadists killed scores of "
        "villagers in Mali.",
        4,
        None,
    ),
    ("captive-killed", "Militants say captive in Idlib executed", "", 1, None),
    # a nationality before a body of people names the killers, not one victim
    (
        "forces-as-killers",
        "Raid on Jenin camp",
        "Israeli forces killed militants in the camp, the army said.",
        None,
        None,
    ),
    (
        "police-officer-as-victim",
        "Ambush near Garissa",
        "A Kenyan police officer was killed in the al-Shabaab ambush.",
        1,
        None,
    ),
    (
        "toll-broken-into-groups",
        "Fighting in Kismayo",
        "The clashes raised the death toll to 14 militants and two soldiers, officials said.",
        16,
        None,
    ),
    (
        "toll-then-wounded-with-own-verb",
        "Shelling of Kharkiv",
        "The death toll rose to 9 and 23 others were wounded, the governor said.",
        9,
        23,
    ),
    (
        "victims-beside-wounded",
        "Shelling of Aleppo market",
        "The bombardment caused at least 40 victims and 95 wounded, medics said.",
        40,
        95,
    ),
    (
        "abbreviation-in-group",
        "Clash in Kupwara",
        "A junior commissioned officer (JCO) and a militant were killed in the gunfight.",
        2,
        None,
    ),
    (
        "kinds-of-wounds-are-no-people",
        "Drone attack on Kherson",
        "Two people were injured; one was taken to hospital with multiple shrapnel wounds.",
        None,
        2,
    ),
    (
        "body-of-one-already-counted",
        "Six rebels and a soldier killed in Ituri fighting",
        "The army said the body of a rebel was later recovered near the river.",
        7,
        None,
    ),
    ("martyred-beside-injured", "One martyred, three injured in border shelling", "", 1, 3),
    ("claims-one-life", "Roadside bomb claims one life in northern district", "", 1, None),
    (
        "when-between-victims-and-verb",
        "Four insurgents were on Sunday killed in a clash with troops",
        "",
        4,
        None,
    ),
    (
        "two-nouns-under-one-number",
        "Over twenty villagers and militia members were killed in the raid, officials said",
        "",
        20,
        None,
    ),
    (
        "vague-headline-verb-first",
        "Militants kill dozens in raid on market town",
        "At least 40 people were killed, witnesses said.",
        40,
        None,
    ),
    (
        "last-night-is-an-earlier-event",
        "Two militants killed in gunfight in Kashmir",
        "It was the second gunfight in a day; three militants were killed last night in a "
        "nearby village.",
        2,
        None,
    ),
    (
        "sailors-in-navy-attack",
        "Eleven sailors killed in suspected Tamil Tiger attack on navy vessel",
        "",
        11,
        None,
    ),
    (
        "name-set-after-the-victim",
        "Border clash on the contact line",
        "A soldier of the border guard, Sergeant Ilya Markov, was killed in the exchange of "
        "fire, the ministry said.",
        1,
        None,
    ),
    (
        "names-set-after-the-victims",
        "Ambush on army convoy",
        "Two soldiers, Private Ali Khan and Corporal Omar Aziz, were killed in the attack.",
        2,
        None,
    ),
    (
        "war-as-killer-is-cumulative",
        "Drone strike kills four in Donetsk",
        "The war has killed over 10,000 civilians, according to the UN.",
        4,
        None,
    ),
    (
        "insurgency-claimed-lives-is-cumulative",
        "Mortar fire kills three in Mogadishu market",
        "The insurgency has already claimed more than 4,000 civilian lives, officials say.",
        3,
        None,
    ),
    ("war-toll-the-only-figure", "Sudan war has killed 20,000, UN says", "", 20000, None),
    # the attacker's own death, told after his victims, is one more dead
    (
        "attacker-shot-dead-after-victims",
        "Attack on Israeli bus stop",
        "The attacker killed two Israelis with a knife before being shot dead by troops.",
        3,
        None,
    ),
    (
        "bomber-killed-after-victims",
        "Blast at Kabul checkpoint",
        "The attacker wounded four soldiers before he was killed by guards.",
        1,
        4,
    ),
    (
        "claimed-the-life-of",
        "Sniper fire in Khan Younis claimed the life of a 12-year-old boy, medics said",
        "",
        1,
        None,
    ),
    # a truce in danger is no threat to the people the strike killed
    (
        "truce-at-risk-after-strike-kills",
        "Karabakh truce at risk after a mortar strike kills two soldiers",
        "",
        2,
        None,
    ),
    # an estimate is the same event's toll, told larger: the largest figure
    (
        "may-have-died-estimate",
        "At least eight killed in raid on village near Kidal",
        "Residents said as many as 25 people may have died when gunmen stormed the market.",
        25,
        None,
    ),
    (
        "may-have-been-wounded",
        "Shelling hits Kharkiv suburb",
        "Up to 40 people may have been wounded in the overnight barrage, the mayor said.",
        None,
        40,
    ),
    # a participle right after the whole group tells its toll; "were killed" kills the part
    (
        "part-of-the-whole-killed",
        "Drone strike on wedding in Helmand",
        "Three of the eleven people killed were children, a provincial official said.",
        11,
        None,
    ),
    (
        "part-of-the-whole-were-killed",
        "Ambush on convoy in Tillaberi",
        "Two of the seven soldiers in the convoy were killed, the army said.",
        2,
        None,
    ),
    # one person named right before a killing is its victim; a nationality is the killers'
    (
        "noun-compound-killing",
        "Kenya recalls envoy over ranger killing near Somali border",
        "",
        1,
        None,
    ),
    (
        "possessive-killing",
        "Militia denies role in journalist's killing in Goma",
        "",
        1,
        None,
    ),
    (
        "nationality-before-killing",
        "Outrage in Ramallah over Israeli killing during West Bank raid",
        "",
        None,
        None,
    ),
    # a vague toll of several days is cumulative beside one event's counted toll
    (
        "vague-span-of-days-title",
        "Dozens dead in three days of militia clashes in Tripoli",
        "On Tuesday a rocket killed four people at a market in Ain Zara, medics said.",
        4,
        None,
    ),
    (
        "soldiers-lost-lives-while-terrorist-neutralised",
        "Three soldiers killed in attack on Zhob checkpoint",
        "Three soldiers lost their lives in the exchange of fire, while one terrorist was "
        "neutralised, the army said.",
        4,
        None,
    ),
    # a toll of months or years is the conflict's, beside the day's toll
    (
        "toll-over-months-beside-event",
        "Three killed in Jos as violence flares again",
        "Gunmen killed three farmers on Monday in Plateau state, where 300 people have died "
        "over nearly five months of attacks.",
        3,
        None,
    ),
    (
        "toll-over-months-alone",
        "Militia attacks in Plateau state",
        "More than 300 people have died over the past five months, officials said.",
        300,
        None,
    ),
    # an earlier event told after a span and a comma: "the first in ten days, after"
    (
        "first-in-days-comma-after",
        "Two police officers shot dead in Kashmir",
        "Two policemen were killed on Friday, the first attack in two weeks, after four soldiers "
        "were killed in Poonch.",
        2,
        None,
    ),
    # the dead of two sides, counted apart, add up
    (
        "two-sides-counted-apart",
        "3 policemen killed, 4 insurgents killed in Kunar raid",
        "Three Afghan policemen were killed and four insurgents died when fighters stormed "
        "a checkpoint, officials said.",
        7,
        None,
    ),
    (
        "two-sides-in-two-sentences",
        "Four soldiers killed in roadside bombing in Mali",
        "Four soldiers were killed when their vehicle hit a mine near Gao. In the sweep that "
        "followed, six jihadists were killed.",
        10,
        None,
    ),
    (
        "two-sides-within-a-larger-toll",
        "Clashes in Marib",
        "Twelve people were killed, four soldiers and eight rebels, in the clashes.",
        12,
        None,
    ),
    # a counted headline over a summary that tells the toll vaguely
    (
        "definite-title-vague-summary",
        "Six policemen killed in Zamfara in a week",
        "Several officers have been killed in ambushes by bandits across the state.",
        6,
        None,
    ),
    (
        "definite-title-vague-history",
        "At least 30 villagers killed in Ituri raid",
        "The ADF rebels have killed thousands of civilians in the province.",
        30,
        None,
    ),
    (
        "definite-title-vague-victims-added",
        "Convoy attacked near Gao; driver killed",
        "Several soldiers were also killed, the army said.",
        None,
        None,
    ),
    (
        "counted-span-of-days-title",
        "Airstrikes kill 30 in two days in Idlib",
        "On Monday 12 people were killed in Ariha, and on Tuesday 18 in Sarmin.",
        30,
        None,
    ),
]
