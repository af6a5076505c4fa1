"""The labels and figures of labels.md in Russian, Ukrainian, French and Arabic.

Each case is a general pattern of the language written here, not a measured
item: V = ceasefire_violation, D = diplomatic_move, C = casualty_report.
"""

from __future__ import annotations

import pytest

from bot.classify import classify
from bot.classify.language import identify
from bot.models import LABELS

CODES = dict(zip("VDC", LABELS, strict=True))

RULES = [
    # Russian
    ("ru", "Армия нарушила перемирие в районе Тавуша", "", "V"),
    ("ru", "Несмотря на перемирие, обстрелы продолжились", "", "V"),
    ("ru", "Стороны договорились о перемирии", "", "D"),
    ("ru", "Переговоры об обмене пленными прошли в Стамбуле", "", "D"),
    ("ru", "ЕС ввел новые санкции против России", "", "D"),
    ("ru", "Санкции ударили по экспорту мороженого", "", ""),
    ("ru", "Профсоюз и завод договорились о зарплате после забастовки", "", ""),
    ("ru", "При обстреле Донецка погибли трое мирных жителей", "", "C"),
    ("ru", "После удара по городу погибших и раненых нет", "", ""),
    ("ru", "В ДТП под Москвой погибли пять человек", "", ""),
    ("ru", "Мужчина открыл стрельбу на улице, погибли четыре человека", "", ""),
    ("ru", "Перемирие истекло, бои возобновились", "", ""),
    ("ru", "Политолог: стороны могут договориться о перемирии", "", ""),
    ("ru", "Перемирие в Донбассе не соблюдается, сообщили наблюдатели", "", "V"),
    ("ru", "Во время пасхального перемирия армия продолжала обстреливать сёла", "", "V"),
    ("ru", "Армия обвинила боевиков в нарушении Минских соглашений", "", "V"),
    ("ru", "Россия и Украина провели новый обмен, домой вернулись 90 военных", "", "D"),
    ("ru", "Огонь охватил три этажа жилого дома, погиб мужчина", "", ""),
    ("ru", "Защитник сборной получил травму в матче чемпионата с армейцами", "", ""),
    ("ru", "Губернатор прилетел в район лесных пожаров, пострадавшим обещана помощь", "", ""),
    ("ru", "Прилет БПЛА по Шебекино: ранены двое мирных жителей", "", "C"),
    ("ru", "Армения и Азербайджан подписали соглашение о делимитации границы", "", "D"),
    # talks that collapse, or a collapse only feared, are no breach of the truce
    ("ar", "انهيار محادثات الهدنة في القاهرة دون اتفاق", "", "D"),
    ("ar", "الوسطاء يحذرون من أن التصعيد قد يؤدي إلى انهيار الهدنة في غزة", "", "D"),
    # a breach denied is none; a truce that collapsed or failed is broken
    ("ru", "Штаб: за сутки не зафиксировано ни одного нарушения режима прекращения огня", "", ""),
    ("ar", "انهارت الهدنة في غزة بعد ساعات من سريانها إثر قصف مدفعي", "", "V"),
    ("fr", "Échec de la trêve au Soudan : les combats reprennent à Khartoum", "", "V"),
    # a record of no breaches, its negation past the truce's words, is a denial; breaches
    # that "do not stop" are breaches
    ("uk", "У Карабасі за ніч порушень режиму припинення вогню не зафіксовано", "", ""),
    ("ru", "В Идлибе за сутки нарушений режима прекращения огня не выявлено", "", ""),
    ("ru", "Нарушения режима прекращения огня в Идлибе не прекращаются", "", "V"),
    ("uk", "Порушення режиму тиші в Карабасі не припиняються: обстріляно село", "", "V"),
    # the pluperfect tells the story before the news: talks told in it are no move of
    # their own (talks resumed today, over an earlier suspension, are)
    (
        "fr",
        "L'armée accuse les rebelles de violer le cessez-le-feu au Darfour",
        "Les deux camps s'étaient retrouvés à Djeddah pour des négociations sous médiation.",
        "V",
    ),
    (
        "fr",
        "Casamance : les rebelles accusés de violation de la trêve",
        "Les belligérants avaient repris les pourparlers à Dakar sous médiation gambienne.",
        "V",
    ),
    (
        "fr",
        "Darfour : l'armée et les rebelles reprennent les pourparlers à Djeddah",
        "Les deux camps avaient suspendu les discussions en juin.",
        "D",
    ),
    # a truce that failed, fell apart or did not hold is broken; talks about a truce
    # that failed are no breach of it
    ("uk", "Перемир'я в Ємені провалилося вже за добу", "", "V"),
    ("uk", "Перемир'я в Лівії не витримало й доби", "", "V"),
    ("ru", "Перемирие в Йемене развалилось через несколько часов", "", "V"),
    ("ru", "Перемирие в Идлибе провалилось", "", "V"),
    ("ru", "Переговоры о перемирии в Ливии провалились", "", "D"),
    ("uk", "Переговори про перемир'я в Лівії провалилися", "", "D"),
    ("ru", "Провал грунта в Дагестане: погибли двое рабочих", "", ""),
    ("uk", "Рибалка провалився під лід на Дніпрі та загинув", "", ""),
    # attacks counted by times in an item naming a truce in force were recorded against it
    ("uk", "Режим тиші в Карабасі: за добу бойовики шість разів обстріляли позиції армії", "", "V"),
    ("ru", "Режим прекращения огня в Ливии: за сутки боевики три раза обстреляли позиции", "", "V"),
    # a truce in force since midnight, then an attack elsewhere: broken, and no move
    (
        "uk",
        "Окупанти обстріляли позиції ЗСУ під Авдіївкою, поранено двох бійців",
        "Із опівночі на Донбасі діє режим тиші, про який домовилися сторони.",
        "VC",
    ),
    (
        "ru",
        "При обстреле Горловки погиб военный",
        "С полуночи объявлен режим прекращения огня.",
        "VC",
    ),
    ("fr", "Deux civils tués par des tirs d'obus", "La trêve est en vigueur depuis minuit.", "VC"),
    (
        "ar",
        "مقتل مدنيين في قصف مدفعي على ريف حماة",
        "وكانت الهدنة قد دخلت حيز التنفيذ منذ منتصف الليل",
        "VC",
    ),
    # a lone man who opened fire, with no war named, is ordinary crime
    ("uk", "У Дніпрі чоловік відкрив вогонь у кафе, двоє загиблих", "", ""),
    ("fr", "Un homme a ouvert le feu dans un bar à Lyon, trois blessés", "", ""),
    ("ru", "Боевики открыли огонь по блокпосту, погибли двое военных", "", "C"),
    # talks possible or expected are talks considered; a modal verb still hedges them
    ("ar", "مصدر دبلوماسي: إمكانية عقد مفاوضات بين روسيا وأوكرانيا في إسطنبول", "", "D"),
    ("uk", "Кулеба прокоментував можливі переговори з росією щодо війни", "", "D"),
    ("fr", "Soudan : d'éventuels pourparlers de paix entre l'armée et les FSR à Djeddah", "", "D"),
    ("ru", "Эксперт: Россия может начать переговоры с Украиной", "", ""),
    # an official meeting troops or residents holds no talks; meeting a minister does
    ("uk", "Президент провів зустріч з військовими бригади на Запорізькому напрямку", "", ""),
    ("ru", "Министр обороны провёл встречу с военнослужащими группировки в зоне СВО", "", ""),
    ("ru", "Глава МИД провёл встречу с послом Турции по урегулированию на Украине", "", "D"),
    # a truce agreed "earlier" was in force when the attack the item reports came
    (
        "ru",
        "Минобороны сообщило об обстреле позиций у границы",
        "Ранее стороны по итогам переговоров объявили о гуманитарном перемирии.",
        "V",
    ),
    (
        "fr",
        "Deux soldats tués dans des tirs",
        "Plus tôt, les parties avaient conclu une trêve.",
        "VC",
    ),
    # a truce announced from midnight, with no attack, is a move
    ("uk", "Сторони домовилися: з опівночі оголошено режим припинення вогню на Донбасі", "", "D"),
    # "since" and "during" set an act in the truce they stand before, not in a war's years
    ("ar", "مقتل شخص في غارة على جنوب لبنان رغم سريان وقف معلن لإطلاق النار", "", "VC"),
    (
        "fr",
        "Liban : trois morts dans une frappe israélienne moins d'une semaine après l'entrée en"
        " vigueur de la trêve",
        "",
        "VC",
    ),
    (
        "fr",
        "Gaza : 14 morts dans les frappes les plus meurtrières depuis le début de la trêve",
        "",
        "VC",
    ),
    (
        "ar",
        "استمرار القصف على مدن القطاع، فيما تتعثر جهود التوصل إلى وقف لإطلاق النار في الحرب"
        " المستمرة منذ عامين",
        "",
        "D",
    ),
    ("uk", "Окупанти нехтують перемир'ям і обстрілюють позиції ЗСУ", "", "V"),
    # a target hit is no one wounded; a football striker is no attack
    ("ar", "الجيش: إصابة هدف عسكري بصاروخ في الجنوب دون إصابات", "", ""),
    (
        "fr",
        "Football : l'attaquant du club a été victime d'insultes racistes lors du match",
        "",
        "",
    ),
    ("fr", "Mali : les attaquants ont tué cinq soldats lors d'un assaut contre une base", "", "C"),
    # a city that stands for the war places its dead in it, unless a crash killed them
    ("fr", "Ukraine : trois morts et 20 blessés à Kharkiv", "", "C"),
    ("uk", "Харків: троє загиблих, 20 поранених", "", "C"),
    ("ru", "В Харькове в ДТП погибли два человека", "", ""),
    # a death with no wound and no attack is no casualty of war
    ("ru", "В возрасте 95 лет умер ветеран Великой Отечественной войны", "", ""),
    ("fr", "Décès d'un ancien chef de l'armée malienne, décédé à 80 ans", "", ""),
    ("fr", "Mali : trois soldats décédés dans une embuscade jihadiste", "", "C"),
    # road crashes are no casualties of war; sanctions approved are a move
    ("ru", "Под Ростовом перевернулся рейсовый автобус, есть погибшие", "", ""),
    ("uk", "У Дніпрі вантажівка зіткнулася з легковиком, є постраждалі", "", ""),
    ("ru", "МИД России осудил утверждение Евросоюзом нового пакета санкций против Москвы", "", "D"),
    # "danger de mort" is no death; machines "neutralised" are no casualty
    ("fr", "Gaza : les habitants entre danger de mort et exode", "", ""),
    ("fr", "L'armée affirme avoir neutralisé trois drones au-dessus de la base", "", ""),
    # breaches in every aspect; a "none" that ends the clause; machines destroyed;
    # a clash of cars; an ambassador-at-large who only reports
    ("ru", "Боевики продолжают нарушать договоренности о прекращении огня", "", "V"),
    ("ru", "В Донбассе снова нарушено перемирие", "", "V"),
    ("ru", "Губернатор: раненых и погибших в результате ночного обстрела нет", "", ""),
    ("ru", "ПВО уничтожила 20 украинских беспилотников над Курской областью", "", ""),
    ("ru", "Спецназ уничтожил трех боевиков в горах Дагестана", "", "C"),
    ("ru", "Столкновение автобуса и грузовика: в аварии погибли два человека", "", ""),
    ("ru", "Посол по особым поручениям МИД РФ: при обстрелах погибли 40 человек", "", "C"),
    ("uk", "Загиблих та поранених унаслідок нічного обстрілу Харкова немає", "", ""),
    ("fr", "L'armée a perdu le contrôle de la ville après des combats", "", ""),
    ("ru", "Армия потеряла контроль над городом после боев", "", ""),
    # a match's "summit" and "strike" are no diplomacy in a conflict
    ("ar", "الأهلي يفوز على الزمالك في مباراة القمة بضربة رأس في الدوري", "", ""),
    # violations that name nothing, in an item with a truce and attacks; an agreement
    # in a headline of its own, over a summary of breaches
    (
        "fr",
        "Le cessez-le-feu est entré en vigueur au Liban",
        "Dès le lendemain, plusieurs violations ont été signalées. Des frappes ont visé des"
        " villages frontaliers.",
        "V",
    ),
    (
        "fr",
        "Les rebelles et l'armée sont tombés d'accord sur la vérification du cessez-le-feu",
        "Le cessez-le-feu a déjà été violé à plusieurs reprises, des combats ont été signalés.",
        "VD",
    ),
    (
        "ru",
        "Пасхальное перемирие: Россия объявила о продолжении войны",
        "В Москве заявили, что Украина нарушила условия перемирия.",
        "V",
    ),
    ("uk", "Сили ППО знищили 30 російських дронів над Київщиною", "", ""),
    ("uk", '"Будуть знищені": президент про провокації ворога на фронті', "", ""),
    # Ukrainian
    ("uk", "Окупанти порушили режим припинення вогню", "", "V"),
    ("uk", "Попри перемир'я, ворог обстріляв позиції ЗСУ", "", "V"),
    ("uk", "Україна готова до енергетичного перемир'я", "", "D"),
    ("uk", "Міністри України та Польщі проведуть аграрні переговори", "", ""),
    ("uk", "Внаслідок обстрілу Херсона загинула жінка", "", "C"),
    ("uk", "На заводі в Луцьку стався вибух, загинули двоє робітників", "", ""),
    ("uk", "Після ракетного удару загиблих немає", "", ""),
    ("uk", "Бойовики не дотримуються режиму тиші, двоє військових поранені", "", "VC"),
    ("uk", "На третій день перемир'я загинув військовий ЗСУ", "", "VC"),
    ("uk", "Україна провела обмін: додому повернулися 150 захисників", "", "D"),
    ("uk", "ЄС запроваджує новий пакет санкцій проти Росії", "", "D"),
    ("uk", "Під час пожежі загинув чоловік, вогонь охопив три квартири", "", ""),
    ("uk", "Україна та Польща уклали угоду про торгівлю зерном", "", ""),
    ("uk", "Зеленський зустрівся з Макроном. Напередодні у Франції пройшли вибори", "", "D"),
    ("uk", "Міністри України та Польщі проведуть переговори. Тема: ринок зерна і торгівля", "", ""),
    # French
    ("fr", "Le Hamas accuse Israël de violer le cessez-le-feu", "", "V"),
    ("fr", "Malgré la trêve, des combats à Khartoum", "", "V"),
    ("fr", "Des frappes depuis l'entrée en vigueur de la trêve", "", "V"),
    ("fr", "L'Arménie et l'Azerbaïdjan signent un accord de cessez-le-feu", "", "D"),
    ("fr", "Le Conseil de sécurité se réunit sur le Soudan", "", "D"),
    ("fr", "Grève: accord signé avec les syndicats après des négociations", "", ""),
    ("fr", "Une frappe russe tue cinq civils à Kharkiv", "", "C"),
    ("fr", "Accident de la route: trois morts sur l'autoroute", "", ""),
    ("fr", "Kinshasa dénonce des violations de l'accord de paix par le M23", "", "V"),
    ("fr", "Pendant la trêve, des tirs d'artillerie ont visé Goma", "", "V"),
    ("fr", "Tshisekedi tend la main à Kagame pour faire la paix", "", "D"),
    ("fr", "Le ministre a reçu son homologue rwandais à Luanda", "", "D"),
    ("fr", "Les négociations entre Kinshasa et le M23 sont au point mort", "", "D"),
    ("fr", "Un joueur des Forces armées royales forfait sur blessure avant le match", "", ""),
    ("fr", "La RDC et le Rwanda signent un accord à Washington", "", "D"),
    ("fr", "Trois casques bleus ont perdu la vie dans une embuscade", "", "C"),
    # Arabic
    ("ar", "خرق جديد لوقف إطلاق النار في جنوب لبنان", "", "V"),
    ("ar", "قصف مدفعي رغم الهدنة في الخرطوم", "", "V"),
    ("ar", "التوصل إلى اتفاق لوقف إطلاق النار في غزة", "", "D"),
    ("ar", "مجلس الأمن يعقد جلسة طارئة حول السودان", "", "D"),
    ("ar", "استشهاد ثلاثة فلسطينيين في غارة إسرائيلية على غزة", "", "C"),
    ("ar", "مقتل خمسة أشخاص في حادث سير على الطريق الدولي", "", ""),
    ("ar", "الحكومة والنقابة تتفقان بعد مفاوضات حول الأجور", "", ""),
    ("ar", "قصف مدفعي في اليوم الثاني من الهدنة على ريف إدلب", "", "V"),
    ("ar", "حماس تتهم إسرائيل بخرق الاتفاق في غزة", "", "V"),
    ("ar", "الحوثيون لا يلتزمون بالهدنة في الحديدة", "", "V"),
    ("ar", "اشتباكات في غزة. وجاء ذلك على الرغم من الهدنة المعلنة", "", "V"),
    ("ar", "وزير الخارجية يبحث مع نظيره الإيراني الوضع في لبنان", "", "D"),
    ("ar", "الاحتلال يرفض صفقة الأسرى المقترحة", "", "D"),
    ("ar", "إصابة لاعب نادي الجيش الملكي قبل المباراة", "", ""),
    ("ar", "مقتل جنديين في كمين لمسلحين شمال البلاد", "", "C"),
    # an exchange of prisoners told by its result
    ("ru", "Домой из плена вернулись 95 российских военнослужащих", "", "D"),
    ("ru", "Из плена освобождены 90 военнослужащих ВСУ, сообщил Зеленский", "", "D"),
    ("uk", "Додому з полону повернулися 150 українських військовослужбовців", "", "D"),
    # a blast with people killed is an attack unless an accident is named
    ("ru", "Пять человек погибли при взрыве в мечети в Хомсе", "", "C"),
    ("ru", "В результате двух взрывов на рынке погибли 12 человек", "", "C"),
    ("ru", "Взрыв бытового газа в жилом доме: погибли три человека", "", ""),
    ("ru", "В Дарфуре после захвата города мятежниками погибли тысячи человек", "", "C"),
    ("uk", "Унаслідок вибуху в мечеті загинули семеро людей", "", "C"),
    ("uk", "Вибух побутового газу в багатоповерхівці: загинули двоє", "", ""),
    ("fr", "Une explosion dans une mosquée fait cinq morts", "", "C"),
    ("fr", "Une explosion de gaz dans un immeuble fait trois morts", "", ""),
    # a truce broken in every tense of "rompre"; fire opened in every aspect
    ("fr", "Les rebelles rompent la trêve et attaquent la ville", "", "V"),
    ("fr", "Le groupe armé menace de rompre le cessez-le-feu", "", "V"),
    ("fr", "Des soldats ouvrent le feu sur un village malgré la trêve", "", "V"),
    ("ru", "Несмотря на режим тишины, боевики открывали огонь по позициям", "", "V"),
    ("ru", "Вопреки перемирию по позициям армии был открыт огонь", "", "V"),
    # a truce named by its breach: the quiet of a cease-fire regime, not a night's
    ("uk", "За добу окупанти 12 разів порушували тишу на Донбасі", "", "V"),
    ("uk", "Штаб: три порушення тиші, поранено військового", "", "VC"),
    ("uk", "За добу не зафіксовано жодного порушення тиші", "", ""),
    ("uk", "Нічну тишу в Києві порушили вибухи", "", ""),
    ("ru", "Боевики нарушали тишину 15 раз за сутки", "", "V"),
    # in an item about a truce broken, the accord or process it tells of is no move,
    # nor an agreement told as what happened earlier; a move the breach led to is one
    (
        "fr",
        "L'armée accuse les rebelles de violer la trêve signée sous médiation qatarie",
        "",
        "V",
    ),
    (
        "fr",
        "Les rebelles ont violé le cessez-le-feu pour faire échouer le processus de paix",
        "",
        "V",
    ),
    (
        "ru",
        "Армия нарушила режим прекращения огня у Горловки",
        "Ранее стороны договорились о перемирии на время уборки урожая.",
        "V",
    ),
    ("fr", "Le ministre a téléphoné à son homologue après les violations de la trêve", "", "VD"),
    # an exchange told by the captivity the men came back from, or what was given for them
    ("uk", "Україна повернула з російського полону ще 95 захисників", "", "D"),
    ("ru", "Взамен Киеву переданы 90 пленных военнослужащих ВСУ", "", "D"),
    # a suicide bomber and the blast he set off place the dead in an attack
    ("ru", "Смертник взорвал себя у мечети, есть погибшие", "", "C"),
    ("uk", "Смертник підірвав себе біля церкви, є загиблі", "", "C"),
    ("fr", "Le corps diplomatique a rencontré le ministre de la Santé", "", ""),
    ("fr", "Le cessez-le-feu a volé en éclats après des frappes sur Gaza", "", "V"),
    # martyrs are the dead of a conflict by the word itself, unless an accident is named
    ("ar", "ارتفاع حصيلة الشهداء إلى 40 منذ فجر اليوم", "", "C"),
    ("ar", "استشهاد شاب في حادث سير على طريق نابلس", "", ""),
    # bodies handed back are a move (not a TV channel that "передает"); "захисники" are
    # soldiers, a national team's defender is not
    ("uk", "Україна повернула додому тіла 900 загиблих захисників", "", "DC"),
    ("ru", "Стороны договорились о возвращении тел погибших военных", "", "DC"),
    ("ru", "При обстреле погибли люди, передает телеканал", "", "C"),
    ("uk", "Захисник збірної отримав травму в матчі", "", ""),
    # acts that went on or were recorded, in an item that names a truce in force, broke it
    ("uk", "Перемир'я на Різдво: на Харківщині тривали обстріли позицій", "", "V"),
    ("uk", "Режим тиші: за добу спостерігачі зафіксували дванадцять обстрілів", "", "V"),
    ("uk", "Перемир'я тримається: обстрілів за добу не зафіксовано", "", ""),
    ("uk", "Перемир'я закінчилося, обстріли тривають", "", ""),
    ("ru", "Пасхальное перемирие: на фронте продолжаются обстрелы", "", "V"),
    ("ru", "Перемирие объявлено, но обстрелы не стихают", "", "V"),
    ("fr", "Trêve de Noël : les bombardements se poursuivent dans le Donbass", "", "V"),
    # a truce that talks are to reach is not the one the fighting breaks
    (
        "fr",
        "Les négociations visent un cessez-le-feu, alors que les combats se poursuivent",
        "",
        "D",
    ),
    # a truce only called for is not in force
    ("ru", "Обстрелы продолжаются, ООН призвала к перемирию", "", ""),
    ("uk", "Обстріли тривають, Папа закликав до перемир'я на Великдень", "", ""),
    # a truce ignored is broken; "in the midst of", "under" and "in the period of" a truce
    ("uk", "Окупанти проігнорували перемир'я і обстріляли Херсон", "", "V"),
    ("ru", "Боевики проигнорировали перемирие и открыли огонь", "", "V"),
    ("fr", "Deux morts dans une frappe en plein cessez-le-feu", "", "VC"),
    ("ar", "مقتل ثلاثة جنود في هجوم في ظل هدنة هشة", "", "VC"),
    ("uk", "Росія завдавала ударів по енергетиці в період енергетичного перемир'я", "", "V"),
    # a gas cylinder or butane blast at home is an accident; a bus that ploughed into a shop
    # in a road crash made no incursion
    ("ar", "إصابة 7 أشخاص ووفاة سيدة في انفجار أسطوانة غاز داخل شقة", "", ""),
    ("ar", "مصرع شخص في انفجار بوتاجاز بمطبخ منزل", "", ""),
    ("ar", "وفاة سائق في حادث سير بعد اجتياح شاحنة لمحل تجاري", "", ""),
    # a gas main that burst, and the impact of a road crash, are accidents
    ("ar", "وفاة عاملين وإصابة 5 آخرين في انفجار خط غاز بمنطقة صناعية", "", ""),
    ("ru", "Грузовик врезался в маршрутку, от удара она перевернулась: погибли трое", "", ""),
    ("uk", "Вантажівка зіткнулася з маршруткою, від удару загинули двоє пасажирів", "", ""),
    # a request for quiet ignored, an attack after a truce began or since it took hold
    ("ru", "Боевики проигнорировали запрос на тишину и обстреляли позиции под Горловкой", "", "V"),
    ("uk", "Окупанти проігнорували запит на тишу, загинув боєць", "", "VC"),
    ("ru", "Позиции армии обстреляли после начала перемирия в Карабахе", "", "V"),
    ("uk", "Ізраїль завдав удару по Лівану вперше з часів листопадової зупинки вогню", "", "V"),
    # a party's foreign minister in talks; an exchange of hostages, not of fire
    ("ru", "Лавров и Блинкен провели переговоры в Женеве", "", "D"),
    ("fr", "Un échange entre 40 otages et 300 détenus a eu lieu à la frontière de Gaza", "", "D"),
    ("fr", "Les échanges de tirs ont repris près de la frontière libanaise", "", ""),
    # labour talks: a union's "common front", strikers in a region at war
    (
        "fr",
        "Le front commun syndical et le gouvernement poursuivent les négociations salariales",
        "",
        "",
    ),
    (
        "uk",
        "Шахтарі на Донеччині страйкують, після переговорів з керівництвом повернулися до роботи",
        "",
        "",
    ),
    # the sick and wounded to evacuate are no toll; a leader meeting his commanders holds no
    # talks; the accord whose banned weapons broke a truce is no move of its own
    ("fr", "L'ONU demande une trêve pour évacuer les malades et blessés d'Alep", "", ""),
    ("ru", "Путин провёл встречу с начальником Генштаба", "", ""),
    (
        "uk",
        "З початку перемир'я бойовики здійснили 40 обстрілів, застосувавши міномети, "
        "заборонені мінськими угодами",
        "",
        "V",
    ),
    # a truce that did not hold, or did not last, was broken
    ("fr", "Soudan : la trêve de 72 heures n'a pas tenu à Khartoum", "", "V"),
    ("fr", "Yémen : le cessez-le-feu à Hodeida n'aura pas duré longtemps", "", "V"),
    ("ru", "Перемирие в Ливии продержалось меньше суток", "", "V"),
    ("uk", "Великоднє перемир'я не протрималося й дня: окупанти обстріляли Херсон", "", "V"),
    ("ar", "لم تصمد الهدنة في طرابلس سوى ساعات", "", "V"),
    # a breach only supposed ("in case of") or threatened breaks nothing: the truce
    # accepted is the news
    (
        "fr",
        "Le Hamas accepte une trêve, mais promet une riposte en cas de violation par Israël",
        "",
        "D",
    ),
    ("ru", "Стороны согласовали перемирие и механизм реагирования в случае нарушения", "", "D"),
    ("uk", "Сторони погодили перемир'я та покарання у разі порушення домовленостей", "", "D"),
    ("ar", "أعلن الجيش هدنة لمدة أسبوع وتوعد بالرد في حال خرقها", "", "D"),
    ("fr", "Soudan : la trêve menace de voler en éclats", "", ""),
    # deaths of illness or accident among troops are no casualties of the war
    ("uk", "Двоє військових померли за добу: штаб повідомив про небойові втрати", "", ""),
    ("ru", "В штабе сообщили о небоевых потерях: за неделю умерли трое военных", "", ""),
    ("ar", "الجيش الإسرائيلي يعلن وفاة جندي في حادث غير عملياتي", "", ""),
    # talks of workers with their managers that failed tell no war
    (
        "fr",
        "Après l'échec des négociations avec la direction, les salariés bloquent le site",
        "",
        "",
    ),
    # a leader meeting miners over a pit disaster holds no talks
    ("uk", "Президент провів зустріч з шахтарями після обвалу в шахті на Волині", "", ""),
    ("ru", "Губернатор провел встречу с горняками после аварии на шахте", "", ""),
    # a cessation of hostilities agreed is a truce agreed
    ("uk", "Сторони погодилися на припинення бойових дій у Судані", "", "D"),
    ("ru", "Лидеры подписали заявление о прекращении военных действий в Карабахе", "", "D"),
    # a negation covers the victim words joined after it
    ("uk", "Обстріл Нікополя: загиблих та поранених немає, пошкоджено будинки", "", ""),
    ("uk", "На Донбасі тиждень немає втрат та поранень серед військових", "", ""),
    ("ru", "В зоне конфликта неделю нет потерь и раненых, сообщили в штабе", "", ""),
    # losses since a truce took effect broke it
    (
        "uk",
        "Армія зазнала найбільших втрат з часів січневої зупинки вогню, повідомили в штабі",
        "",
        "VC",
    ),
    ("ru", "Самые тяжелые потери со времени вступления перемирия в силу понесла армия", "", "VC"),
    # fighting said to go on, its place named between it and its verb, breaks the truce
    (
        "uk",
        "Новорічне перемир'я на фронті: що відомо",
        "Бойові дії на Запорізькому та Донецькому напрямках тривають, повідомили в штабі.",
        "V",
    ),
    (
        "ru",
        "Рождественское перемирие: что известно",
        "Боевые действия в районе Бахмута и Авдеевки продолжаются, сообщили в штабе.",
        "V",
    ),
    # bodies of victims in general, a term of an exchange, tell no one killed
    (
        "fr",
        "Haut-Karabakh : Erevan et Bakou s'accusent de violer le cessez-le-feu",
        "La trêve devait permettre d'échanger les prisonniers et les corps de victimes.",
        "V",
    ),
    # a truce accepted, told in a sentence of its own, is news beside its breach
    (
        "fr",
        "Soudan : l'armée et les FSR s'accusent de violer la trêve",
        "Les deux camps avaient accepté samedi la trêve proposée par Riyad et Washington.",
        "VD",
    ),
    # an official meeting the public or business at home holds no talks about the war
    (
        "ru",
        "Губернатор рассказал о последствиях обстрела Белгорода",
        "Об этом он сообщил на встрече с представителями общественности и бизнеса области.",
        "",
    ),
    (
        "uk",
        "Голова ОВА розповів про наслідки обстрілу Харкова",
        "Про це він сказав під час зустрічі з представниками громадськості міста.",
        "",
    ),
    # armed men of an attack, named only as armed, place it in a conflict
    ("fr", "Trois policiers nigériens tués par des individus armés près de Tillabéri", "", "C"),
    # an attack that made no victims, the verb between the negation and the victims
    (
        "fr",
        "Tirs d'artillerie malgré la trêve au Soudan",
        "Les obus sont tombés près du marché mais n'ont pas fait de victimes, selon l'armée.",
        "V",
    ),
    (
        "ar",
        "قصف مدفعي يخرق الهدنة في ريف إدلب",
        "وسقطت القذائف على أطراف البلدة ولم تقع إصابات بحسب مصادر محلية.",
        "V",
    ),
    # a halt of operations a party declares is a truce it announces
    (
        "fr",
        "Les rebelles annoncent qu'ils cesseront leurs opérations militaires pendant l'Aïd",
        "",
        "D",
    ),
    # a veto is no breach of the truce the resolution called for
    (
        "ar",
        "مجلس الأمن يفشل في تبني قرار لوقف إطلاق النار في السودان بعد استخدام روسيا حق النقض",
        "",
        "D",
    ),
    # fire exchanged is an act of war, not an exchange of prisoners
    (
        "uk",
        "Вірменія та Азербайджан звинуватили одне одного в порушенні перемир'я",
        "Військові обох країн обмінялися вогнем на кордоні.",
        "V",
    ),
    ("ru", "Индия и Пакистан обменялись огнем в Кашмире несмотря на перемирие", "", "V"),
    # a death "since the entry into force" of a truce accord broke it, and agrees nothing
    (
        "ru",
        "В Ливане при ударе беспилотника погиб боец «Хезболлы»",
        "Это первая гибель с момента вступления в силу соглашения о прекращении огня.",
        "VC",
    ),
    (
        "uk",
        "У Лівані внаслідок удару дрона загинув бойовик «Хезболли»",
        "Це перша загибель з моменту набуття чинності угоди про припинення вогню.",
        "VC",
    ),
    # a Ukrainian headline with no letter only Ukrainian uses is read as Ukrainian
    (
        "uk",
        "Бойовики вдарили по селищу: загинув мирний житель",
        "Снаряд влучив у подвір'я приватного будинку, повідомили в ОВА.",
        "C",
    ),
    # the Arabic noun of breaching ("اختراق الهدنة") breaks the truce
    ("ar", "الحكومة اليمنية تتهم الحوثيين باختراق الهدنة في تعز", "", "V"),
    ("ar", "رصد اختراقات للهدنة في ريف حماة بقذائف الهاون", "", "V"),
    # a gangland killing or a murder the police investigate is ordinary crime
    ("fr", "Nîmes : un homme abattu par des hommes armés, un règlement de comptes", "", ""),
    ("ru", "В Самаре вооруженные люди задержаны по подозрению в убийстве знакомого", "", ""),
    # a stabbing with no act of war told is ordinary crime, even in a city at war; a
    # knife attack or a terror attack is not
    (
        "uk",
        "У Херсоні під час конфлікту чоловік вдарив ножем знайомого, потерпілий загинув",
        "",
        "",
    ),
    (
        "ru",
        "В Донецке во время конфликта мужчина ударил ножом знакомого, пострадавший погиб",
        "",
        "",
    ),
    ("fr", "Bamako : un militaire tué à coups de couteau lors d'une dispute", "", ""),
    ("fr", "Bamako : attaque au couteau contre une patrouille, un soldat tué", "", "C"),
    ("ru", "Теракт в Иерусалиме: нападавший ударил ножом полицейского, тот погиб", "", "C"),
    # in a report of the truce broken, a participle describing how the truce came
    # about ("объявленное", "укладена", "conclu") is its setting, not a move; a
    # headline that opens with the truce and its participle announces it
    (
        "uk",
        "Оголошене Хартумом тридобове перемир'я почалося опівночі",
        "Попри перемир'я, в Омдурмані тривали обстріли.",
        "V",
    ),
    (
        "uk",
        "Армія обстріляла Омдурман",
        "Угода про припинення вогню, укладена в Джидді, діяла з понеділка. "
        "Але вже у вівторок армія порушила перемир'я.",
        "V",
    ),
    (
        "ru",
        "Объявленное Хартумом трехдневное перемирие началось утром",
        "Несмотря на перемирие, в Омдурмане продолжались обстрелы.",
        "V",
    ),
    (
        "ru",
        "Армия обстреляла Омдурман",
        "Соглашение о прекращении огня, подписанное в Джидде, действовало с понедельника. "
        "Но уже во вторник армия нарушила перемирие.",
        "V",
    ),
    (
        "fr",
        "L'armée bombarde Omdourman",
        "Le cessez-le-feu conclu à Djeddah devait ramener le calme. "
        "Mardi, l'armée a violé la trêve.",
        "V",
    ),
    (
        "fr",
        "Soudan : le cessez-le-feu conclu à Djeddah devait ramener le calme",
        "Malgré la trêve, des tirs ont visé Omdourman.",
        "V",
    ),
    (
        "fr",
        "Accord de cessez-le-feu conclu à Djeddah",
        "Malgré la trêve, des tirs ont visé Omdourman.",
        "VD",
    ),
    ("ru", "Перемирие, объявленное Хартумом, вступило в силу", "", "D"),
    # "after the truce was set up" dates an act in it, as "since" does: no setting-up news
    ("uk", "Після встановлення режиму тиші в Судані армія обстріляла Омдурман", "", "V"),
    ("ru", "После установления перемирия в Судане армия обстреляла Омдурман", "", "V"),
    ("uk", "Після встановлення перемир'я в Судані ситуація залишається спокійною", "", ""),
    ("ru", "Армия и СБР договорились об установлении перемирия", "", "D"),
    ("fr", "Un cessez-le-feu conclu entre l'armée et les rebelles est entré en vigueur", "", "D"),
]


@pytest.mark.parametrize(("language", "title", "summary", "codes"), RULES)
def test_labels_follow_the_rules_in_each_language(
    language: str, title: str, summary: str, codes: str
) -> None:
    assert identify(f"{title} {summary}") == language
    result = classify(title, summary)
    assert set(result.labels) == {CODES[c] for c in codes}
    assert all(e.text in (title, summary)[e.field == "summary"] for e in result.evidence)


FIGURES = [
    ("ru", "В результате обстрела погибли двое, пятеро ранены", 2, 5),
    ("ru", "Пятнадцать человек погибли при ракетном ударе по Днепру", 15, None),
    ("ru", "Обстрел Белгорода: 3 погибших и 12 раненых", 3, 12),
    ("ru", "При обстреле Курска погибли двадцать пять человек", 25, None),
    ("uk", "Внаслідок обстрілу загинули п'ятеро людей, ще 18 – поранені", 5, 18),
    ("uk", "Окупанти вбили жінку в Херсоні", 1, None),
    ("fr", "Une frappe israélienne fait 4 morts et 12 blessés à Gaza", 4, 12),
    ("fr", "Des bombardements tuent cinq civils à Kharkiv", 5, None),
    ("ar", "استشهاد 6 مواطنين وإصابة آخرين في قصف على غزة", 6, None),
    # a policeman's dual counts two, and a number beside it restates it
    ("ar", "مقتل شرطيين في هجوم مسلح على حاجز أمني في سيناء", 2, None),
    ("ar", "إصابة شرطيين اثنين في انفجار عبوة ناسفة ببغداد", None, 2),
    ("ar", "استشهد شخص وأصيب ثلاثة في غارة على جنوب لبنان", 1, 3),
    ("ar", "مقتل ٤ جنود في هجوم على موقع للجيش", 4, None),
    ("ru", "Шесть военных погибли и 18 ранены при атаке на позиции", 6, 18),
    ("ru", "Губернатор сообщил о гибели жителя села после атаки дрона", 1, None),
    ("ru", "Двое военных летчиков Су-34 погибли при атаке", 2, None),
    ("uk", "На Донбасі підірвався військовий сапер", None, 1),
    ("uk", "За 24 години обстрілів загинули двоє цивільних", 2, None),
    ("fr", "Six soldats ont été tués et 18 blessés dans une attaque jihadiste", 6, 18),
    ("fr", "Des civils tués par le M23 au Nord-Kivu", None, None),
    ("fr", "Nord-Kivu : des morts et des blessés en un mois de combats", None, None),
    ("fr", "Goma : plus de 70 % des blessés par balle viennent des combats", None, None),
    ("ar", "ثمانية قتلى و20 جريحا في قصف على مدينة الفاشر", 8, 20),
    ("ar", "قتل مدنيان في غارة بمسيرة على جنوب لبنان", 2, None),
    ("ar", "غارة إسرائيلية اليوم الاثنين تقتل شخصا في جنوب لبنان", 1, None),
    ("ar", "مواطن وابنته أصيبا بقذيفة أطلقها الحوثيون", None, 2),
    ("ar", "مقتل ثلاثة عشر شخصا في قصف على مخيم للنازحين", 13, None),
    ("ar", "استشهاد خمسة وعشرين فلسطينيا في غارات على غزة", 25, None),
    ("ar", "مقتل جنديين في كمين لمسلحين شمال البلاد", 2, None),
    ("ru", "Обстрел Горловки унес жизни двоих мирных жителей", 2, None),
    ("uk", "Ракетний удар по Одесі забрав життя трьох людей", 3, None),
    ("fr", "L'attaque des ADF a coûté la vie à neuf civils dans le Nord-Kivu", 9, None),
    ("ar", "غارة إسرائيلية أودت بحياة أربعة أشخاص في جنوب لبنان", 4, None),
    ("uk", "Внаслідок удару загинули сімнадцять людей, поранено сорок", 17, 40),
    # number words in their case forms; killed and wounded in one sentence
    ("ru", "Армия обстреляла Херсон, убив одного человека и ранив еще 7 человек", 1, 7),
    ("uk", "Обстріл Сум: травмовані шестеро людей, серед них підліток", None, 6),
    ("fr", "Attaque jihadiste au Niger : onze morts et dix-sept blessés", 11, 17),
    ("ar", "غارة تقتل أربعة فلسطينيين وتصيب سبعة آخرين في خان يونس", 4, 7),
    # victim groups listed are summed; a number counting the next word is not
    ("fr", "Burkina : quatre gendarmes et trois civils tués dans une embuscade", 7, None),
    ("ru", "Погибли 12 военных в Донецке и трое гражданских в Макеевке", 15, None),
    ("ru", "При ударе по Сумам погибли 3 человека и 9 ранены", 3, 9),
    ("uk", "Загинули двоє військових і четверо цивільних під час обстрілу", 6, None),
    # a victim added to the toll before it in its sentence
    ("ru", "При обстреле погибли три человека, позже в больнице скончался еще один", 4, None),
    ("uk", "Унаслідок атаки загинули двоє людей, згодом у лікарні помер ще один чоловік", 3, None),
    # a singular victim word, and an ordinal that is no count
    ("uk", "Окупанти обстріляли Нікополь, є загиблий", 1, None),
    ("ru", "Армия обстреляла Донецк, есть погибший и раненые", 1, None),
    ("uk", "Четвертий загиблий за добу: окупанти обстріляли Херсонщину, повідомляє ОВА", 1, None),
    # thousands, hundreds in Arabic, and another side's toll added with "while"
    ("ru", "При атаках дронов на область пострадали 1,2 тыс. человек", None, 1200),
    ("ar", "مقتل مائتي شخص في هجوم على مخيم للنازحين في دارفور", 200, None),
    ("ar", "قتل جنديان اليوم في قصف على تعز، فيما قتل 3 مسلحين في اشتباكات", 5, None),
    ("ru", "Тысячи погибших в Газе: ООН призывает к перемирию", None, None),
    # an article is no count, unless a person follows it; dates and paired ages are no count
    ("fr", "Sept soldats sont morts dans une attaque jihadiste au Niger", 7, None),
    ("fr", "Un chef de village tué par des miliciens en Ituri", 1, None),
    ("fr", "Trois soldats ont été tués mardi 4 mars dans une embuscade", 3, None),
    ("fr", "Obus à Goma : des enfants de 6 et 11 ans tués", None, None),
    # "N others" counts the next victim word, however far the verb stands
    ("fr", "Au moins 20 civils ont été tués et 45 autres blessés dans des frappes", 20, 45),
    (
        "fr",
        "Neuf personnes ont été tuées et 30 autres, dont des enfants, ont été blessées par un obus",
        9,
        30,
    ),
    # a toll noun: its number may come after the verb, far from the victim word
    ("ru", "Число раненых при атаке дронов на Белгород выросло до 21", None, 21),
    ("uk", "Кількість загиблих внаслідок ракетного удару по Дніпру зросла до 12", 12, None),
    ("ar", "ارتفع عدد الشهداء جراء القصف الإسرائيلي على مخيم جباليا إلى 23", 23, None),
    # feminine and dual number forms in Arabic
    ("ar", "غارة على مدينة صور تسفر عن إصابة اثنتين من النساء", None, 2),
    # the attackers' own toll is added to their victims'; soldiers "lost" are killed
    ("fr", "L'armée a tué 30 jihadistes mais a perdu six soldats dans l'assaut", 36, None),
    ("ru", "При атаке погибли двое военных, ликвидированы 7 боевиков", 9, None),
    # single victims listed one after another are counted each
    ("ar", "استشهاد مواطن وزوجته وابنته في قصف على منزل في دير البلح", 3, None),
    ("ru", "При обстреле Херсона погибли мужчина и женщина", 2, None),
    # people "destroyed" are killed; "жертви" are the dead
    ("ru", "Спецназ уничтожил трех боевиков в горах Дагестана", 3, None),
    ("uk", "Ракетний удар по Запоріжжю: відомо про 8 жертв", 8, None),
    # vague quantities and numbers that are no people
    ("fr", "Kivu : des dizaines de blessés dans une attaque des ADF", None, None),
    ("uk", "Обстріл Херсона: поранення дістали 37- та 61-річні чоловіки", None, None),
    ("fr", "Plus d'une douzaine de civils ont été tués dans le Nord-Kivu", None, None),
    # a dual "two others"; singular victim nouns joined; a wound that killed its victim
    ("ar", "قتل جندي وأصيب آخران في هجوم على حاجز للجيش", 1, 2),
    ("ar", "شهيد وجريح في قصف مدفعي على بلدة حدودية", 1, 1),
    ("ar", "استشهاد طفل متأثرا بجروحه في غارة على خان يونس", 1, None),
    # killed and wounded in one toll give neither figure; "between dead and wounded" counts none
    ("ar", "مقتل وإصابة 30 شخصا في قصف على سوق شعبية", None, None),
    ("ar", "سقوط ضحايا بين قتيل وجريح في قصف مدفعي على مدينة الفاشر", None, None),
    ("ru", "Армия сообщила о потерях: убитыми и ранеными 40 военных", None, None),
    ("fr", "Frappe sur Kharkiv : 14 tués et blessés selon le maire", None, None),
    # a verb counted before it, then another with its own count, is no joined toll
    ("ar", "لقي ثلاثة جنود مصرعهم وأصيب أربعة آخرون في هجوم على حاجز عسكري", 3, 4),
    # soldiers "lost" or "liquidated" are killed; control lost is no casualty
    ("ru", "Минобороны РФ: ВСУ за сутки потеряли до 1500 военнослужащих", 1500, None),
    ("uk", "Генштаб: за добу ліквідовано 1200 окупантів", 1200, None),
    ("uk", "Росія за добу втратила 1100 військових, повідомив Генштаб", 1100, None),
    # "at least" and "at most" are no negation; Arabic-Indic digits
    ("ar", "مقتل ما لا يقل عن ١٢ شخصا في غارة جوية على سوق في شمال دارفور", 12, None),
    ("ru", "При обстреле погибли не более пяти человек, сообщили в администрации", 5, None),
    ("uk", "Унаслідок атаки загинули не більше трьох людей", 3, None),
    # each counted on its own side of the pair; a figure denied
    ("ar", "ارتفاع حصيلة القصف على المخيم إلى 40 قتيلا وإصابة 120 آخرين", 40, 120),
    (
        "fr",
        "Attentat à Kaboul : au moins trois morts, et non huit comme annoncé initialement",
        3,
        None,
    ),
    # a victim word that counts itself is no share of the number after the next one;
    # thousands in the accusative
    ("ar", "ارتقى شهيدان وأصيب 6 آخرون في غارة إسرائيلية على جنوب لبنان", 2, 6),
    (
        "ar",
        "أعلنت وزارة الصحة أن حصيلة الشهداء منذ بدء الحرب على غزة ارتفعت إلى 45 ألفا",
        45000,
        None,
    ),
    # a relative clause tells of the person named before it
    ("ru", "В Херсоне медики борются за жизнь мужчины, который был ранен при обстреле", None, 1),
    # a vague word joined after the victim word counts the next one
    ("ar", "ثلاثة وعشرون قتيلاً وعشرات الجرحى في قصف جوي على ريف دمشق", 23, None),
    # the dual of a word for one person, feminine too
    ("ar", "مقتل طفلتين في قصف مدفعي على حي سكني", 2, None),
    # a compound number counts the word after it; a person after an article; "trouver la mort"
    ("fr", "Une frappe fait deux morts et vingt-trois blessés à Odessa", 2, 23),
    ("fr", "Liban : une frappe israélienne tue un commandant du Hezbollah", 1, None),
    ("fr", "Quelque 40 combattants ont trouvé la mort dans les affrontements", 40, None),
    # men "neutralised" are killed, and the attackers' toll, named by their side, is added
    (
        "fr",
        "Au Mali, 12 soldats ont été tués et l'armée dit avoir neutralisé 20 terroristes",
        32,
        None,
    ),
    ("fr", "Raid de l'armée : 30 morts dans les rangs des jihadistes, deux soldats tués", 32, None),
    # a breakdown clause ("dont", "в том числе") stands between the toll and its verb
    (
        "fr",
        "Syrie : au moins 12 personnes, dont cinq enfants, ont été tuées dans des frappes",
        12,
        None,
    ),
    (
        "ru",
        "При обстреле Горловки погибли трое, еще четыре человека, в том числе двое детей, ранены",
        3,
        4,
    ),
    # "жертвами стали N"; those "not saved" died; a verb in its past form
    ("ru", "Жертвами ракетного удара по Одессе стали восемь человек", 8, None),
    ("ru", "Гладков: трех мирных жителей не удалось спасти после удара дрона", 3, None),
    ("uk", "Ворожий дрон поранив на Харківщині дівчинку та чоловіка", None, 2),
    # one person joined to a group counts one; a number after "and" is the next verb's
    ("ru", "При обстреле Горловки погибли двое мужчин и пожилая женщина", 3, None),
    (
        "ru",
        "ВСУ атаковали Горловку: погибли мужчина и двое детей, еще четыре человека ранены",
        3,
        4,
    ),
    ("uk", "Обстріл Запоріжжя: загинули троє людей та шість отримали поранення", 3, 6),
    # kin joined to a victim, with a word between; a number the other verb counts
    ("ru", "При атаке дронов на Курскую область пострадали мужчина и его сын", None, 2),
    ("ru", "Обстрел Горловки: ранены трое детей и их мать", None, 4),
    ("fr", "Frappe à Gaza : un homme et son fils tués dans leur maison", 2, None),
    ("ru", "При обстреле Херсона погибли 2 человека и женщина ранена", 2, 1),
    # someone wounded who then died is killed, not wounded too, unless "another" died
    ("ru", "Раненый при обстреле мужчина доставлен в больницу, спасти его не удалось", 1, None),
    ("ru", "Обстрел Донецка: женщина с осколочными ранениями скончалась в больнице", 1, None),
    ("ru", "Обстрел Херсона: ранен один человек, еще один скончался в больнице", 1, 1),
    ("fr", "Au Sahel, un soldat grièvement blessé a succombé après l'attaque jihadiste", 1, None),
    ("ar", "أصيب مزارع بجروح خطيرة في قصف مدفعي لكنه لفظ أنفاسه الأخيرة في المستشفى", 1, None),
    # "another one" wounded; a compound number before a unit is a measure
    ("ar", "استشهد شاب وأصيب آخر في قصف إسرائيلي على خان يونس", 1, 1),
    ("ar", "مقتل ثلاثة فلسطينيين في غارات إسرائيلية خلال أربع وعشرين ساعة على قطاع غزة", 3, None),
    # groups listed with commas before "and" are summed; a number of attacks is no toll,
    # a number of snipers is
    (
        "fr",
        "Au moins 12 soldats, trois civils et 20 assaillants ont été tués jeudi dans deux"
        " attaques au Sahel",
        35,
        None,
    ),
    ("ru", "Под Авдеевкой уничтожены два снайпера ВСУ", 2, None),
    ("uk", "Сили оборони ліквідували 15 штурмовиків окупантів під Покровськом", 15, None),
    # groups summed that mix soldiers and jihadists are one toll, not the attackers' own
    (
        "fr",
        "Dans le Sinaï, deux soldats et 30 combattants jihadistes ont trouvé la mort lors d'une"
        " offensive de l'armée",
        32,
        None,
    ),
    # a bare "человек" after the verb is one person, unless a quantity stands before it
    ("ru", "Обстрел Шебекино: погиб человек, еще один пострадал", 1, 1),
    ("ru", "После удара по Харькову погиб человек", 1, None),
    ("ru", "В боях за город погибли тысячи человек", None, None),
    ("ru", "Сотни человек погибли при обстрелах города", None, None),
    # "пострадали" counts the wounded, and far from its number too
    ("ru", "Как минимум пять человек погибли и еще 21 пострадал при взрыве в мечети", 5, 21),
    ("ru", "Уже 45 человек погибли, более 100 пострадали после двух взрывов", 45, 100),
    ("ru", "В Дарфуре после захвата города мятежниками погибли уже 2,2 тысячи человек", 2200, None),
    # a toll revised "from N to M" is M
    ("ru", "Число погибших при обстреле Белгорода выросло с трех до семи", 7, None),
    ("uk", "Кількість загиблих внаслідок удару по Одесі зросла з 5 до 9", 9, None),
    ("fr", "Après l'attaque des ADF, le nombre de morts est passé de cinq à onze", 11, None),
    ("ar", "ارتفع عدد الشهداء في القصف من 5 إلى 11", 11, None),
    # a tally verb states the number of the victim word before it
    ("ru", "Погибших в результате теракта в Москве стало 137", 137, None),
    ("ru", "Раненых при обстреле Донецка стало уже 25, погибших 3", 3, 25),
    ("ru", "Погибли 4 человека, число раненых при обстреле составило 9", 4, 9),
    ("uk", "Загиблих унаслідок ракетного удару по Дніпру стало 12", 12, None),
    # "a hundred" is a number, "hundreds" is not
    ("uk", "Ракетний удар забрав життя 33 осіб і залишив понад сотню поранених", 33, 100),
    ("uk", "Обстріл Харкова: загинули 4 людини, поранено сотні", 4, None),
    # displaced people and homes counted are no toll
    ("fr", "Ituri : des violences armées font près de 82.800 déplacés et des morts", None, None),
    ("fr", "Ituri : au moins 20 déplacés tués dans l'attaque d'un camp par la CODECO", 20, None),
    ("ar", "الدعم السريع تقتل 3 نازحين داخل مركز إيواء في الفاشر", 3, None),
    ("fr", "Gaza : 2.000 Palestiniens ont péri depuis le début de l'offensive", 2000, None),
    ("ru", "Обстрелы Херсона: 12 000 беженцев и погибшие среди мирных жителей", None, None),
    ("uk", "Обстріл Харкова: пошкоджено 40 будинків, є загиблі", None, None),
    # French "périr"
    (
        "fr",
        "Depuis le début du conflit, 1.200 Palestiniens ont péri sous les bombardements",
        1200,
        None,
    ),
    ("fr", "Au moins vingt civils ont péri dans une attaque jihadiste au Burkina", 20, None),
    # plural "others" wounded are not counted
    ("ar", "استشهد 4 مواطنين في قصف للاحتلال وأصيب مواطنون آخرون", 4, None),
    ("ar", "استشهد 4 بينهم مواطنة وطفلة فجر اليوم وأصيب مواطنون آخرون في قصف للاحتلال", 4, None),
    ("ar", "استشهد 3 شبان بينهم طفل وأصيب مدنيون آخرون بجروح في غارة", 3, None),
    # a bracketed number is the toll of the words beside it: killed and wounded share it
    ("ar", "مقتل وإصابة ( 12 ) مدنيا في قصف على حلب", None, None),
    # the active "أصاب" is a strike that hit, not people wounded
    ("ar", "قُتل ثمانية مدنيين في قصف أصاب سيارتهم شمال البلاد", 8, None),
    # a rank is no count
    ("ar", "توفي جندي فرنسي متأثرا بجراحه، وهو الجندي رقم 40 الذي يقتل في مالي", 1, None),
    ("fr", "Mali : un casque bleu tué, le soldat numéro 20 à mourir dans la mission", 1, None),
    # life lost, in either word order and any person
    ("uk", "Внаслідок удару по селу життя втратили троє мирних жителів", 3, None),
    ("uk", "Під час обстрілу Херсона втратила життя жінка", 1, None),
    ("fr", "Quatre civils perdent la vie dans une frappe de drone au Nord-Kivu", 4, None),
    ("ru", "Смертница подорвала себя на рынке, погибли 9 человек", 9, None),
    # wounds received, counted before the verb that tells them
    ("uk", "Ще один військовий під час обстрілу отримав осколкові поранення", None, 1),
    ("uk", "Троє бійців дістали поранення внаслідок атаки дрона", None, 3),
    ("ru", "Ещё двое мирных жителей при обстреле получили осколочные ранения", None, 2),
    # bodies found after an attack are its dead
    ("fr", "Nigeria : douze corps ont été retrouvés après une attaque de Boko Haram", 12, None),
    ("ru", "После обстрела в селе обнаружены тела пяти человек", 5, None),
    ("uk", "Після атаки окупантів у селі виявили тіла трьох цивільних", 3, None),
    # a round number counts ("une quinzaine" 15), unless bounded or a distance
    ("fr", "Attaque jihadiste : une vingtaine de soldats tués et une dizaine blessés", 20, 10),
    ("fr", "Tchad : plus d'une trentaine de soldats ont péri dans l'attaque", None, None),
    ("fr", "À une cinquantaine de kilomètres de Gao, quatre casques bleus tués", 4, None),
    # a day set off by commas parts no verb from its count
    ("fr", "Ituri : les miliciens ont abattu, jeudi soir, onze villageois", 11, None),
    ("fr", "Les rebelles ont tué, jeudi 12 mars, neuf civils au Nord-Kivu", 9, None),
    # after an auxiliary the count heads the subject, however long
    (
        "fr",
        "Deux policiers et cinq gardes forestiers du parc national ont été tués par des rebelles",
        7,
        None,
    ),
    (
        "fr",
        "Neuf casques bleus de la mission de l'ONU au Mali sont morts dans une attaque",
        9,
        None,
    ),
    # a couple is two; "with" and an instrumental number join a group
    ("uk", "Внаслідок удару дрона по селу загинуло подружжя з трьома дітьми", 5, None),
    ("uk", "Обстріл Херсона: загинула жінка з двома дітьми", 3, None),
    ("ru", "При обстреле Белгорода погиб мужчина с двумя сыновьями", 3, None),
    ("uk", "Під час обстрілу Херсона загинули двоє жителів з двох сусідніх сіл", 2, None),
    # a car or a house destroyed is nobody killed
    ("uk", "Дрон поранив трьох людей, ще одну машину ворог знищив", None, 3),
    ("ru", "Дрон ранил двух человек, еще один автомобиль противник уничтожил", None, 2),
    # victims told by their years of birth, one a year
    ("ru", "При обстреле Горловки ранены мужчины 1962 и 1990 годов рождения", None, 2),
    (
        "uk",
        "Внаслідок обстрілу загинули жінка 1951 року народження та чоловік 1949 року народження",
        2,
        None,
    ),
    # an officer named, however long the title, and the soldiers joined to him
    ("ar", "مقتل قائد الكتيبة الثالثة في اللواء المدرع وأربعة جنود في هجوم انتحاري", 5, None),
    ("ar", "أسفر الهجوم عن مقتل ضابط برتبة عقيد وثلاثة من مرافقيه", 4, None),
    # a strike that "struck" a count of people wounded them; dual verbs count two
    ("ar", "قصف مدفعي أودى بحياة 9 مدنيين وأصاب 23 آخرين في السوق", 9, 23),
    ("ar", "قصف مسيرة على خان يونس والشهيدان ارتقيا على الفور", 2, None),
    # a breakdown listed over several commas between the toll and its verb
    (
        "uk",
        "Щонайменше 40 людей, серед них 12 жінок, 9 дітей і 2 медики, загинули під обстрілом",
        40,
        None,
    ),
    (
        "fr",
        "Frappe : 30 civils, dont 8 femmes, 6 enfants et 2 secouristes, ont été tués",
        30,
        None,
    ),
    # ages ("7-річний") describe the people listed, and count none of them
    ("uk", "Внаслідок удару загинули 7-річний хлопчик та 40-річна жінка", 2, None),
    ("ru", "При обстреле погибли 12-летний мальчик и 70-летняя пенсионерка", 2, None),
    # the fallen; one soldier, or "the second" of a pair
    ("uk", "Україні повернули тіла 250 полеглих захисників", 250, None),
    ("uk", "Снайпер поранив українського солдата на передовій", None, 1),
    ("ru", "При атаке дрона погиб один военный, второй получил ранения", 1, 1),
    # "un millier" is a round thousand, bounded ("plus d'un millier") it is vague
    ("fr", "Au Soudan, les combats ont fait un millier de morts en un mois", 1000, None),
    ("fr", "Au Soudan, les combats ont fait plus d'un millier de morts", None, None),
    # the number nearest the missing is theirs, not the wounded's beside them
    ("fr", "Attaque d'un village : 6 morts, 3 disparus et une centaine de blessés", 6, 100),
    ("fr", "Attaque jihadiste : 9 soldats tués, 5 portés disparus et plusieurs blessés", 9, None),
    # armed men counted before a comma, then what befell them
    ("fr", "Attaque au mortier contre la base : 14 soldats, blessés par des éclats", None, 14),
    ("ru", "После обстрела 6 военнослужащих, раненых осколками, доставлены в госпиталь", None, 6),
    # half a hundred is a round fifty; a toll "including" a part of it is the whole
    ("uk", "Унаслідок ракетного удару по Одесі майже півсотні людей постраждали", None, 50),
    ("ru", "При обстреле Белгорода почти полсотни человек получили ранения", None, 50),
    (
        "uk",
        "Під час обстрілу Херсона п'ятеро людей, включаючи трьох дітей, отримали поранення",
        None,
        5,
    ),
    # "met their deaths" in the plural
    ("ar", "لقي 5 جنود مصارعهم في كمين بشمال مالي", 5, None),
    # the wounds of those who died of them count no one wounded
    (
        "ru",
        "При атаке дрона от полученных ранений мужчина и женщина скончались на месте, "
        "также ранен водитель",
        2,
        1,
    ),
    (
        "uk",
        "Після удару дрона від отриманих поранень чоловік і жінка померли на місці, "
        "також поранено водія",
        2,
        1,
    ),
    # a group joined after a breakdown keeps its own number
    ("fr", "Soudan : 21 morts à El-Fasher, dont cinq enfants, et 37 blessés", 21, 37),
    ("fr", "Liban : neuf morts dans une frappe, dont deux secouristes, et 12 blessés", 9, 12),
    # "N others" with no victim word after it are this word's
    ("fr", "Une frappe de drone a tué un soldat et blessé deux autres au Niger", 1, 2),
    ("fr", "Les jihadistes ont tué un berger et blessé trois autres près de Djibo", 1, 3),
    ("ru", "Удар дрона убил военного и ранил двух его сослуживцев", 1, 2),
    # tens counted by a small number or a half; "десятки" alone are vague
    ("ru", "При обстреле Белгорода ранены два десятка человек", None, 20),
    ("ru", "Удар по Гродно: погибли трое, полтора десятка раненых", 3, 15),
    ("uk", "Внаслідок удару по Сумах загинули два десятки людей", 20, None),
    ("uk", "Обстріл Нікополя: поранено півтора десятка людей", None, 15),
    ("ru", "Десятки человек погибли при ракетном ударе по Газе", None, None),
    # the rank of the latest victim is the toll so far; "второй" alone is the other one
    ("ru", "В Харькове умер третий пострадавший от ракетного удара", 3, None),
    ("uk", "Загинула третя людина внаслідок удару по Полтаві", 3, None),
    ("fr", "RDC : une troisième victime meurt après l'attaque du M23 à Goma", 3, None),
    ("ar", "وفاة مصاب ثالث متأثرا بجروحه في قصف على جنين", 3, None),
    ("ru", "После обстрела Шебекино погиб мирный житель, второй получил ранения", 1, 1),
    ("ru", "Глава города сообщил о втором человеке, погибшем после атаки дронов", 2, None),
    # the fallen of each of two sides
    (
        "fr",
        "Yémen : restitution des dépouilles de 150 soldats tombés au combat de chaque côté",
        300,
        None,
    ),
    # "mortally wounded" tells a death; the wounded beside it are counted apart
    ("ru", "Снайпер боевиков смертельно ранил бойца под Авдеевкой", 1, None),
    ("uk", "Окупанти смертельно поранили чоловіка в Бериславі, постраждало немовля", 1, 1),
    ("fr", "Mali : un casque bleu mortellement blessé dans une attaque à Tessalit", 1, None),
    # a time of day is no count of people
    ("ru", "Число погибших при обстреле Белгорода по состоянию на 18:40 выросло до семи", 7, None),
    ("uk", "Станом на 20:30 кількість загиблих внаслідок удару по Сумах зросла до 11", 11, None),
    # a range's top is the figure
    ("ar", "مقتل 6 إلى 8 مسلحين في اشتباك مع الجيش شمال سيناء", 8, None),
    ("ru", "При взрыве на блокпосту в Назрани погибли от трех до пяти полицейских", 5, None),
    ("fr", "Nord-Kivu : de 12 à 15 civils tués dans une attaque des ADF", 15, None),
    # people named by their trade count one each, with the attackers killed
    (
        "ru",
        "Боевики убили полицейского и охранника мечети, спецназ ликвидировал троих нападавших",
        5,
        None,
    ),
    ("uk", "Під час обстрілу Херсона загинули священник і охоронець храму", 2, None),
    # Arabic hundreds, then the unit, then the tens
    ("ar", "ارتفاع عدد ضحايا القصف على حلب إلى مئة وخمسة وثلاثين قتيلا", 135, None),
    # a toll the event's figure raises is the war's, not the event's
    ("ar", "مقتل 12 مدنيا في غارة على إدلب، ما يرفع حصيلة القتلى إلى 340", 12, None),
    ("ar", "استشهاد 7 فلسطينيين في قصف على رفح، ليرتفع عدد الشهداء إلى مئتين وخمسين", 7, None),
    # "un de ses soldats", "l'un des chefs": one of the people after the article
    ("fr", "Tchad : une roquette a blessé l'un des gendarmes du poste frontalier", None, 1),
    ("fr", "Yémen : une frappe de drone a tué un de leurs chefs près de Marib", 1, None),
    ("fr", "Deux soldats ont été tués dans une de leurs positions près de Gao", 2, None),
    # a group joined by "et" after a breakdown adds to the toll broken down
    ("fr", "Niger : trente villageois, dont cinq enfants, et 12 assaillants tués", 42, None),
    (
        "fr",
        "Mali : douze soldats, dont deux officiers des Forces armées (FAMa), et 20 jihadistes tués",
        32,
        None,
    ),
    (
        "fr",
        "Attaque au Niger : vingt civils, dont six femmes, et trois gendarmes blessés",
        None,
        23,
    ),
    # not when the toll broken down has its own victim word
    ("fr", "Attaque au Niger : 14 morts, dont trois enfants, et 44 blessés", 14, 44),
    # a national or a citizen after a death noun is one person
    ("ru", "Израиль подтвердил гибель гражданина Грузии при ракетном обстреле Ашкелона", 1, None),
    ("ru", "Минобороны сообщило о гибели азербайджанца при обстреле с армянских позиций", 1, None),
    ("uk", "Посольство повідомило про загибель громадянина Молдови під час обстрілу", 1, None),
    ("uk", "У Білгороді через обстріл загинув росіянин, ще двоє поранені", 1, 2),
    # the rank of the latest victim, with a word describing the person between
    ("ru", "Под Газой погиб уже третий израильский военный за неделю боев", 3, None),
    ("uk", "На Херсонщині внаслідок обстрілу загинув другий український сапер", 2, None),
    # the wounded split by condition: the lightly wounded and those in serious condition
    (
        "ru",
        "При атаке дронов на Курск погиб один человек, еще трое легко ранены, двое в тяжелом "
        "состоянии",
        1,
        5,
    ),
    (
        "uk",
        "Після удару по Запоріжжю четверо людей отримали легкі поранення, один чоловік у "
        "важкому стані",
        None,
        5,
    ),
    # but those in serious condition after wounded are some of them
    ("ru", "При обстреле Донецка ранены восемь человек, трое в тяжелом состоянии", None, 8),
    # a name right after the victim word, then "one of" them: one person named
    ("ru", "Талибы подтвердили гибель Мавлави Хакима, одного из полевых командиров", 1, None),
    ("uk", "ІДІЛ визнав загибель Абу Омара, одного зі своїх ватажків у Сирії", 1, None),
    # "and" before an Arabic victim verb: the number before it is the earlier verb's
    ("ar", "لقي جنديان ماليان حتفهما وأصيب آخر في كمين شمالي البلاد", 2, 1),
    ("ar", "توفي ثلاثة صيادين وأصيب آخر في قصف إسرائيلي على رفح", 3, 1),
]


@pytest.mark.parametrize(
    "title",
    [
        "سقط ثلاثة عناصر من الشرطة وأصيب آخر في هجوم مسلح على حاجز",
        "نفق خمسة من رعاة الإبل وأصيب آخر بقصف مدفعي قرب الفاشر",
    ],
)
def test_the_number_before_an_arabic_verb_joined_by_and_is_not_its_own(title: str) -> None:
    """ "وأصيب آخر": the number before "and" counts the earlier verb's subject."""
    assert classify(title, "").wounded == 1


@pytest.mark.parametrize(("language", "title", "killed", "wounded"), FIGURES)
def test_figures_in_each_language(
    language: str, title: str, killed: int | None, wounded: int | None
) -> None:
    assert identify(title) == language
    result = classify(title, "")
    assert "casualty_report" in result.labels
    assert (result.killed, result.wounded) == (killed, wounded)
    figures = [e for e in result.evidence if e.label in ("killed", "wounded")]
    assert all(e.text in title for e in figures)


@pytest.mark.parametrize(
    ("title", "summary", "killed"),
    [
        # a total that restates or raises the event's toll is the figure
        (
            "В Харькове нашли тела еще двух погибших",
            "Всего в результате удара по дому погибли семь человек.",
            7,
        ),
        (
            "Le bilan de l'attaque au Mali s'alourdit à 12 morts",
            "Au total, 12 soldats ont été tués et 4 blessés lors du raid jihadiste.",
            12,
        ),
        # an earlier toll ("earlier", "plus tôt", "days before") is not the event's
        (
            "Удар по Шебекино: погиб один человек",
            "Ранее при обстреле города погибли пять человек.",
            1,
        ),
        (
            "Kharkiv : une frappe russe fait trois morts",
            "Plus tôt dans la journée, le gouverneur avait fait état de six morts.",
            3,
        ),
        (
            "استشهاد ثلاثة مواطنين في قصف على خان يونس",
            "وجاء القصف بعد أيام من غارة أسفرت عن استشهاد 40 شخصا",
            3,
        ),
        # a cumulative toll covers its own clause and those after it, not one before
        (
            "Удар по Харькову",
            "При ударе погибли 4 человека, а всего с начала войны в городе погибли 1000 жителей.",
            4,
        ),
        (
            "غارة إسرائيلية على صور",
            "ارتفعت حصيلة الغارة إلى 12 شهيدا، بينما ارتفع عدد شهداء الحزب إلى 400 منذ بدء الحرب",
            12,
        ),
        # a total of soldiers and jihadists, told twice, is counted once
        (
            "Sinaï : deux soldats et 40 jihadistes tués dans une offensive de l'armée égyptienne",
            "Deux soldats et 40 combattants jihadistes ont trouvé la mort samedi, selon l'armée.",
            42,
        ),
        # the attackers' own dead, named by their side before or by the word itself
        (
            "Hébron : deux Israéliens tués dans une attaque",
            "Du côté des assaillants, on compte un mort.",
            3,
        ),
        ("مقتل جنديين في هجوم طعن بالضفة", "وأسقطت قوات الأمن المنفذ قتيلا في المكان", 3),
        # a preliminary toll is the event's
        (
            "استشهاد 9 مواطنين في حصيلة أولية لغارات على غزة",
            "وأفادت مصادر محلية باستشهاد 4 منهم في مخيم النصيرات",
            9,
        ),
        # a cumulative toll of the war is not the event's
        (
            "Обстріл Херсона: загинули троє людей",
            "З початку війни в області загинули 1200 цивільних.",
            3,
        ),
        # since the start of the day or of the shelling reported is the event's toll
        (
            "Обстріл Херсона: з початку доби загинули двоє людей",
            "З початку війни в області загинули 1200 цивільних.",
            2,
        ),
        (
            "Удар по Харькову",
            "Всего с начала обстрела погибли 6 человек."
            " С начала войны в городе погибли 1000 жителей.",
            6,
        ),
        ("غارات على غزة", "ارتفع عدد الشهداء منذ بدء القصف أمس إلى 31 شهيدا", 31),
        # a subject set off by a comma before its auxiliary
        (
            "Attaque jihadiste au Niger",
            "Selon l'armée, une quarantaine de personnes dont six gendarmes du poste, ont été"
            " tuées, lundi, dans l'attaque.",
            40,
        ),
        # an "also" word opening a clause adds the other side's dead
        (
            "غارات على رفح",
            "أوقعت الغارات 30 قتيلا، فيما أعلن الجيش الإسرائيلي مقتل ثلاثة من جنوده",
            33,
        ),
        (
            "غارات على رفح",
            "أوقعت الغارات 30 قتيلا، فيما ارتفع عدد القتلى لاحقا إلى 34",
            34,
        ),
        # a precise figure restates a round one near it; a larger round one stands
        (
            "Soudan : une quarantaine de morts dans un bombardement",
            "Au moins 37 civils ont été tués dans le bombardement du marché.",
            37,
        ),
        # "victimes" count the dead when no one wounded is told; a war's toll is not the event's
        (
            "Sahel : 20 morts dans l'attaque d'un camp",
            "Selon une ONG, l'attaque a fait 26 victimes.",
            26,
        ),
        (
            "Sahel : 20 morts et 15 blessés dans l'attaque d'un camp",
            "Selon une ONG, l'attaque a fait 35 victimes.",
            20,
        ),
        (
            "Syrie : trois civils tués dans un bombardement à Idleb",
            "Une guerre qui a fait plus de 300 000 morts en douze ans.",
            3,
        ),
        (
            "Mali : sept soldats tués",
            "Une vingtaine de personnes, dont sept soldats, ont été tuées dans les attaques.",
            20,
        ),
        # a rank is a toll so far: the event's own toll, where given, is the figure
        (
            "Другий загиблий за добу на Сумщині через атаки дронів",
            "Вранці внаслідок удару дрона по селу загинув чоловік.",
            1,
        ),
        (
            "Число погибших при ракетном ударе по Одессе возросло",
            "В больнице скончался четвертый пострадавший, сообщили власти.",
            4,
        ),
        # a summary's sentence opened by a side tells that side's own toll, added
        # (even when reported earlier), unless it restates the toll
        (
            "Burkina : 30 civils tués dans une attaque jihadiste",
            "Côté militaire, plus tôt, l'armée avait annoncé la mort de 7 soldats.",
            37,
        ),
        (
            "Mali : 12 morts dans une attaque contre un camp de l'armée",
            "Côté militaire, on déplore 12 morts selon l'état-major.",
            12,
        ),
    ],
)
def test_totals_and_cumulative_tolls(title: str, summary: str, killed: int) -> None:
    assert classify(title, summary).killed == killed


@pytest.mark.parametrize(
    ("title", "summary", "killed", "wounded"),
    [
        # "bringing to 40 the number of dead": the toll the event raises, not its own
        (
            "Deux soldats tués au Mali, portant à 40 le nombre de militaires tués depuis janvier",
            "",
            2,
            None,
        ),
        # "on both sides" counts no dead
        ("Karabakh : des affrontements ont fait des morts des deux côtés", "", None, None),
        # a round number the item bounds is vague where it restates it
        (
            "Au moins une vingtaine de villageois tués dans une attaque au Niger",
            "Selon un élu local, le bilan fait état d'une vingtaine de villageois tués.",
            None,
            None,
        ),
        # a man and a girl: one victim each
        ("На Запоріжжі через атаку дрона постраждали чоловік та дівчина", "", None, 2),
        # armed men counted before the clause that tells they gave their lives
        (
            "Україна повернула тіла ще 77 військових, які віддали своє життя за Батьківщину",
            "",
            77,
            None,
        ),
    ],
)
def test_figures_of_counted_groups_and_raised_tolls(
    title: str, summary: str, killed: int | None, wounded: int | None
) -> None:
    result = classify(title, summary)
    assert "casualty_report" in result.labels
    assert (result.killed, result.wounded) == (killed, wounded)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Обстрел Донецка: погибли трое мирных жителей", "ru"),
        ("Обстріл Донецька: загинули троє цивільних", "uk"),
        ("Les négociations sont terminées et la trêve est signée", "fr"),
        ("قصف على غزة يقتل ثلاثة", "ar"),
        # past tenses in -ував are Ukrainian, in -овал Russian
        ("Ворог атакував Сумщину, дві людини постраждали", "uk"),
        ("Враг атаковал Сумы, два человека пострадали", "ru"),
        # "ще" is Ukrainian ("ещё" in Russian)
        ("Загинула людина, ще одна поранена", "uk"),
        ("Ադրբեջանը խախտել է հրադադարը", "hy"),
        ("Ermənistan tərəfi atəşkəs rejimini pozub və mövqelərimizi atəşə tutub", "az"),
        ("Israel anunció el restablecimiento del alto el fuego en Gaza tras los ataques", "es"),
        ("Shelling kills 3 in Donetsk despite the truce", "en"),
        ("Tərtər shelled overnight, the ministry says", "en"),
        ("ایران و آمریکا درباره آتش‌بس گفتگو کردند", "fa"),
    ],
)
def test_language_of_an_item(text: str, language: str) -> None:
    assert identify(text) == language


@pytest.mark.parametrize(
    "title",
    [
        "Ադրբեջանը խախտել է հրադադարը, կան զոհեր",
        "Israel acusa a Hamás de violar el alto el fuego en Gaza y mata a 10 personas",
    ],
)
def test_languages_without_lexicons_are_never_read_as_english(title: str) -> None:
    assert classify(title, "").labels == ()


@pytest.mark.parametrize("language", ["ru", "uk", "fr", "ar"])
def test_each_language_file_loads_with_numbers_and_every_role(language: str) -> None:
    from bot.classify.stems import ROLES, load_stem_lexicon

    loaded = load_stem_lexicon(language)
    roles = {term.role for terms in loaded.by_first.values() for term in terms}
    assert roles <= ROLES and {"truce", "breach", "dip", "killed", "wounded"} <= roles
    assert loaded.numbers and loaded.one and loaded.vague


def test_a_headline_tally_the_summary_calls_the_war_toll_gives_no_figure() -> None:
    """The headline's figures are the toll the summary's event raised: the event's own
    figure counts, and the headline's wounded (the same tally) count nothing."""
    result = classify(
        "رفح.. 230 شهيدا و 900 جريح",
        "استشهد طفل في غارة إسرائيلية على مخيم الشابورة، ما يرفع حصيلة قتلى القصف "
        "منذ الأحد الماضي إلى 230",
    )
    assert (result.killed, result.wounded) == (1, None)


@pytest.mark.parametrize(
    ("title", "summary", "killed", "wounded"),
    [
        # the hurt counted by their way to hospital, the wound word after or absent
        (
            "В Мосуле при взрыве заминированного автомобиля погибли четверо военных",
            "Ещё трое солдат доставлены в госпиталь с осколочными ранениями.",
            4,
            3,
        ),
        (
            "На рынке в Кабуле смертник убил шесть человек",
            "Ещё девять отправлены в больницы.",
            6,
            9,
        ),
        (
            "Через обстріл Херсона загинули двоє цивільних",
            "Ще четверо людей доставлені до лікарні з осколковими пораненнями.",
            2,
            4,
        ),
    ],
)
def test_people_taken_to_hospital_are_the_wounded(
    title: str, summary: str, killed: int, wounded: int
) -> None:
    result = classify(title, summary)
    assert "casualty_report" in result.labels
    assert (result.killed, result.wounded) == (killed, wounded)


@pytest.mark.parametrize(
    "title",
    [
        # a chargé d'affaires summoned like an ambassador
        "МИД Азербайджана вызвал временного поверенного в делах Армении после обстрела",
        "Израиль заявил протест поверенному в делах Ливана после ракетного удара",
        "МЗС України викликало повіреного у справах Росії після ракетного удару по Одесі",
        "МЗС викликало тимчасового повіреного Білорусі через обстріли з її території",
    ],
)
def test_a_summoned_charge_d_affaires_is_a_diplomatic_move(title: str) -> None:
    assert "diplomatic_move" in classify(title, "").labels


@pytest.mark.parametrize(
    ("title", "killed"),
    [
        # "солдат" before a singular death verb is one soldier
        ("Израильский солдат погиб на границе с Ливаном", 1),
        ("Малийский солдат погиб при нападении боевиков на конвой", 1),
        ("Ізраїльський солдат загинув на кордоні з Ліваном", 1),
        # after the verb, or counted, it is soldiers
        ("Боевики убили солдат и полицейских у блокпоста в Сомали", None),
        ("Бойовики вбили солдат і поліцейських біля блокпоста в Сомалі", None),
        ("Пять солдат погибли при нападении боевиков в Нигере", 5),
    ],
)
def test_one_soldier_and_soldiers_in_the_same_word(title: str, killed: int | None) -> None:
    result = classify(title, "")
    assert "casualty_report" in result.labels
    assert result.killed == killed


@pytest.mark.parametrize(
    ("title", "labels"),
    [
        # a halt of shelling or strikes agreed is a truce agreed; broken, a violation
        ("Армения и Азербайджан договорились о прекращении обстрелов на границе", {"D"}),
        ("Ізраїль і Хезболла домовилися про припинення ударів по цивільних", {"D"}),
        ("Les belligérants ont accepté l'arrêt des bombardements à Khartoum", {"D"}),
        ("Malgré l'arrêt des bombardements annoncé lundi, des tirs ont visé Gaza", {"V"}),
    ],
)
def test_a_halt_of_shelling_is_a_truce(title: str, labels: set[str]) -> None:
    assert set(classify(title, "").labels) == {CODES[code] for code in labels}


@pytest.mark.parametrize(
    ("title", "summary", "labels"),
    [
        # "se sont tues": the guns fell silent (se taire), no one killed
        ("Yémen : les canons se sont tus à Hodeïda", "", set()),
        ("Karabakh : les armes se sont tues dans la nuit, selon les deux camps", "", set()),
        # "sans", "без" negate only what follows them
        (
            "Deux obus sont tombés sur Goma",
            "Plusieurs habitants ont été blessés sans que l'armée puisse dire d'où venaient "
            "les tirs.",
            {"C"},
        ),
        ("Після обстрілу Ізюма двоє поранених без загрози для життя", "", {"C"}),
        ("При обстреле Ирпеня ранены трое мирных жителей без угрозы для жизни", "", {"C"}),
        ("Обстрел Горловки обошелся без жертв", "", set()),
        ("Frappe sur Idleb sans faire de blessés", "", set()),
    ],
)
def test_silence_and_without_read_by_their_grammar(
    title: str, summary: str, labels: set[str]
) -> None:
    assert set(classify(title, summary).labels) == {CODES[code] for code in labels}


@pytest.mark.parametrize(
    ("title", "labels"),
    [
        # a truce or talks mediated by a third party ("توسطت فيها")
        ("هدنة توسطت فيها قطر ومصر تدخل حيز التنفيذ في غزة", {"D"}),
        ("الجزائر تتوسط بين الحكومة والمتمردين في شمال مالي", {"D"}),
        # "يتوسط المدينة": lies in the middle of the city
        ("مسجد يتوسط المدينة القديمة", set()),
    ],
)
def test_arabic_mediation_verbs(title: str, labels: set[str]) -> None:
    assert set(classify(title, "").labels) == {CODES[code] for code in labels}


@pytest.mark.parametrize(
    ("title", "summary", "labels"),
    [
        # a truce said to hold on the whole, or to change nothing, is in force: an act
        # the item reports in another sentence broke it
        (
            "Yémen : la trêve largement respectée, mais fragile",
            "Des tirs de mortier ont visé un quartier de Taëz dans la nuit.",
            {"V"},
        ),
        (
            "Des bombardements ont secoué Gaza toute la nuit",
            "La trêve annoncée vendredi par les médiateurs n'y change rien.",
            {"V"},
        ),
        ("Перемирие в Карабахе в целом соблюдается", "Ночью обстреляли два села.", {"V"}),
        ("Перемир'я в Лівані загалом дотримується", "Уночі дрони атакували два села.", {"V"}),
        # a day of the truce dates the acts of the item in it
        ("Третий день перемирия в Судане", "Армия сообщила об обстрелах Омдурмана.", {"V"}),
        ("Другий день перемир'я в Судані", "Армія повідомила про обстріли Омдурмана.", {"V"}),
        # with no act told, the truce only holds
        ("Yémen : la trêve largement respectée", "Les habitants rentrent chez eux.", set()),
        ("Третий день перемирия в Судане", "Жители возвращаются в Омдурман.", set()),
    ],
)
def test_a_truce_in_force_over_the_item(title: str, summary: str, labels: set[str]) -> None:
    assert set(classify(title, summary).labels) == {CODES[code] for code in labels}


@pytest.mark.parametrize(
    ("title", "summary", "labels"),
    [
        # "كان ... قد", "سبق أن": the pluperfect tells the story before the news
        (
            "قتل ثلاثة جنود في هجوم للمتمردين في شمال مالي",
            "وكان المتمردون قد أطلقوا مبادرة للحوار الشهر الماضي.",
            {"C"},
        ),
        ("المتمردون يواصلون قصف القرى خلافا لما سبق أن أعلنوه من مبادرة للحوار", "", set()),
        (
            "قتل جنديان في كمين بشمال مالي",
            "وكانت الحكومة قد توصلت إلى اتفاق لوقف إطلاق النار مع المتمردين.",
            {"C"},
        ),
        ("الحكومة تتوصل إلى اتفاق لوقف إطلاق النار مع المتمردين في مالي", "", {"D"}),
        ("المتمردون يطلقون مبادرة للحوار مع الحكومة في دارفور", "", {"D"}),
        # "لا شيء": nothing to extend, no extension
        ("قائد ميداني في دارفور: لا شيء هناك لتمديد الهدنة", "", set()),
        ("الطرفان يتفقان على تمديد الهدنة في دارفور", "", {"D"}),
    ],
)
def test_arabic_background_and_nothing(title: str, summary: str, labels: set[str]) -> None:
    assert set(classify(title, summary).labels) == {CODES[code] for code in labels}


@pytest.mark.parametrize(
    ("title", "labels"),
    [
        # "after security consultations" a leader decides: his own meeting, no talks
        ("Після консультацій з питань безпеки прем'єр Ефіопії наказав армії наступати", set()),
        (
            "После консультаций по вопросам безопасности президент Азербайджана приказал армии "
            "усилить позиции в Карабахе",
            set(),
        ),
        # with a partner named, or held by two states, they are talks
        ("Після консультацій з Польщею з питань безпеки Україна посилила кордон", {"D"}),
        ("Армения и Франция провели консультации по вопросам безопасности", {"D"}),
    ],
)
def test_security_consultations_with_no_partner(title: str, labels: set[str]) -> None:
    assert set(classify(title, "").labels) == {CODES[code] for code in labels}


@pytest.mark.parametrize(
    ("title", "labels"),
    [
        # peace agreed ("договорились о мире") settles a war: a diplomatic move
        ("Эфиопия и Эритрея договорились о мире после двух лет войны", {"D"}),
        ("Армія і повстанці Колумбії домовилися про мир", {"D"}),
        ("Стороны не договорились о мире в Йемене", set()),
    ],
)
def test_peace_agreed(title: str, labels: set[str]) -> None:
    assert set(classify(title, "").labels) == {CODES[code] for code in labels}


@pytest.mark.parametrize(
    ("title", "summary", "labels"),
    [
        # a visit told in a relative clause about the speaker says where he is, no move
        (
            "Бої на Донбасі стихли, - Порошенко",
            "Про це сказав Порошенко, який перебуває зараз з візитом у Японії.",
            set(),
        ),
        (
            "Бои в Карабахе стихли, заявил Пашинян, который находится с визитом в Бразилии",
            "",
            set(),
        ),
        (
            "Les combats au Soudan du Sud ont cessé, a déclaré Salva Kiir, "
            "qui est en visite au Japon",
            "",
            set(),
        ),
        (
            "قال الرئيس الصومالي، الذي يقوم بزيارة إلى اليابان، إن المعارك مع حركة الشباب توقفت",
            "",
            set(),
        ),
        # a visit that is the news, or talks held on it, are moves
        ("Лавров находится с визитом в Анкаре", "", {"D"}),
        ("الرئيس الفرنسي في زيارة إلى كييف", "", {"D"}),
        ("Пашинян, который находится с визитом в Москве, провел переговоры с Путиным", "", {"D"}),
    ],
)
def test_a_visit_told_as_an_aside(title: str, summary: str, labels: set[str]) -> None:
    assert set(classify(title, summary).labels) == {CODES[code] for code in labels}


@pytest.mark.parametrize(
    ("title", "labels"),
    [
        # talks that only time an attack told before them are its backdrop, no move
        ("Азербайджан обстрелял Тавуш в разгар переговоров в Вашингтоне", set()),
        ("Армія Ефіопії обстріляла Мекеле у розпал переговорів у Преторії", set()),
        ("L'armée soudanaise a bombardé Omdourman en pleines négociations à Djeddah", set()),
        ("هاجمت قوات الدعم السريع الفاشر في خضم المفاوضات في جدة", set()),
        # with the truce the attack broke, a breach and no more
        ("هاجمت قوات الدعم السريع الفاشر في خضم المفاوضات منتهكة الهدنة", {"V"}),
        # talks that open the sentence, or a move made during them, stay moves
        ("Во время переговоров в Вашингтоне Азербайджан обстрелял Тавуш", {"D"}),
        ("Стороны договорились о перемирии во время переговоров в Джидде", {"D"}),
    ],
)
def test_talks_as_an_attack_s_backdrop(title: str, labels: set[str]) -> None:
    assert set(classify(title, "").labels) == {CODES[code] for code in labels}


@pytest.mark.parametrize(
    ("title", "summary", "labels"),
    [
        # a sentence with the broken truce's accord as its subject describes it: no move
        (
            "Éthiopie : deux civils tués malgré le cessez-le-feu",
            "Cet accord est la première étape d'un plan de paix destiné à mettre fin à la guerre.",
            {"V", "C"},
        ),
        (
            "Эфиопия: двое мирных жителей убиты, несмотря на перемирие",
            "Это соглашение является первым этапом мирного плана для Тыграя.",
            {"V", "C"},
        ),
        (
            "Ефіопія: двоє цивільних загинули попри перемир'я",
            "Ця угода є першим етапом мирного плану для Тиграю.",
            {"V", "C"},
        ),
        (
            "مقتل مدنيين اثنين في تيغراي رغم الهدنة",
            "هذا الاتفاق هو الخطوة الأولى في خطة السلام لإنهاء الحرب.",
            {"V", "C"},
        ),
        # a peace plan that a party proposes is a step of its own
        (
            "Éthiopie : deux civils tués malgré le cessez-le-feu",
            "Addis-Abeba a proposé un plan de paix pour le Tigré.",
            {"V", "D", "C"},
        ),
        # with no breach told, the accord's peace plan is the news
        ("", "Это соглашение является первым этапом мирного плана для Тыграя.", {"D"}),
    ],
)
def test_a_sentence_describing_the_broken_truce(title: str, summary: str, labels: set[str]) -> None:
    assert set(classify(title, summary).labels) == {CODES[code] for code in labels}


@pytest.mark.parametrize(
    ("title", "summary", "labels"),
    [
        # accusations the sides trade are no exchange of prisoners
        (
            "Бои на границе Эфиопии и Эритреи",
            "После артудара Эфиопии стороны обмениваются обвинениями в нарушении мирных"
            " договоренностей.",
            {"V"},
        ),
        (
            "Бої на кордоні Ефіопії та Еритреї",
            "Сторони обмінюються звинуваченнями в порушенні мирних домовленостей.",
            {"V"},
        ),
        (
            "Бої на кордоні Ефіопії та Еритреї",
            "Сторони обмінялися взаємними звинуваченнями в порушенні мирних домовленостей.",
            {"V"},
        ),
        (
            "Combats à la frontière entre l'Éthiopie et l'Érythrée",
            "Les deux camps échangent des accusations de violation des accords de paix.",
            {"V"},
        ),
        # an exchange of prisoners or bodies stays one
        ("Армения и Азербайджан обменялись пленными", "", {"D"}),
        ("Україна та Росія обмінялися полоненими", "", {"D"}),
    ],
)
def test_traded_accusations_are_no_exchange(title: str, summary: str, labels: set[str]) -> None:
    assert set(classify(title, summary).labels) == {CODES[code] for code in labels}


@pytest.mark.parametrize(
    ("title", "summary", "labels"),
    [
        # an act "contrary to the ceasefire agreements" breaches them: no agreement made
        (
            "Эфиопия обвинила Эритрею в нарушении перемирия",
            "Армия Эфиопии назвала это провокацией, которая противоречит договоренностям о"
            " прекращении огня.",
            {"V"},
        ),
        (
            "Ефіопія звинуватила Еритрею в порушенні перемир'я через обстріли",
            "Армія Ефіопії заявила, що вважає це провокацією, яка суперечить домовленостям про"
            " припинення вогню.",
            {"V"},
        ),
        # statements that contradict each other leave an agreed truce a move
        (
            "Эфиопия и Эритрея договорились о прекращении огня, заявления сторон противоречат"
            " друг другу",
            "",
            {"D"},
        ),
        (
            "Ефіопія та Еритрея домовилися про припинення вогню, заяви сторін суперечать"
            " одна одній",
            "",
            {"D"},
        ),
    ],
)
def test_an_act_contrary_to_the_accords_breaches_them(
    title: str, summary: str, labels: set[str]
) -> None:
    assert set(classify(title, summary).labels) == {CODES[code] for code in labels}
