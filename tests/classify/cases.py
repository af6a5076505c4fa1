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
]

DIPLOMACY_CASES: list[Case] = [
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
]

CASUALTY_CASES: list[Case] = [
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
    case("summons-envoy", "Turkey summons Swedish envoy over Koran burning", "", D),
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
]

#: less common wording for truce breaches and diplomatic moves
PHRASING_CASES: list[Case] = [
    case(
        "restore-relations",
        "Riyadh and Tehran restore diplomatic relations in brokered deal",
        "",
        D,
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

ALL_CASES = (
    VIOLATION_CASES + DIPLOMACY_CASES + CASUALTY_CASES + MIXED_CASES + HEADLINE_CASES + WIRE_CASES
)

#: (id, title, summary, killed, wounded)
FIGURE_CASES: list[tuple[str, str, str, int | None, int | None]] = [
    ("digits", "Airstrike on Mogadishu market kills 12", "", 12, None),
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
        "Gunmen abduct 50 students in Kaduna",
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
]
