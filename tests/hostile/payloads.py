"""XSS payloads in the OWASP filter-evasion style, one line each, for every author-controlled field.

Each payload must come out as the text the author typed (titles, names) or as sanitised HTML
(Markdown bodies): never as a script, an event handler, a javascript: link or a frame.
"""

PAYLOADS = [
    # tag breakouts
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.invalid/x.js></SCRIPT>",
    "<ScRiPt>alert(2)</sCrIpT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<<SCRIPT>alert(3);//<</SCRIPT>",
    "<script/xss src=//xss.invalid/x.js></script>",
    "<img src=x onerror=alert(4)>",
    "<IMG SRC=\"javascript:alert(5);\">",
    "<IMG SRC=JaVaScRiPt:alert(6)>",
    "<IMG SRC=`javascript:alert(7)`>",
    "<IMG \"\"\"><SCRIPT>alert(8)</SCRIPT>\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#57;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x31&#x30&#x29>",
    "<IMG SRC=\"jav&#x09;ascript:alert(11);\">",
    "<IMG SRC=\" &#14;  javascript:alert(12);\">",
    "<img src=x:alert(13) onerror=eval(src)>",
    "<body onload=alert(14)>",
    "<svg onload=alert(15)>",
    "<svg><script>alert(16)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(17)\"><text x=\"20\" y=\"20\">XSS</text></a></svg>",
    "<svg><animate onbegin=alert(18) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(19)>",
    "<math href=\"javascript:alert(20)\">CLICKME</math>",
    "<iframe src=\"javascript:alert(21)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(22)</script>\"></iframe>",
    "<object data=\"javascript:alert(23)\"></object>",
    "<embed src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgyNCk8L3NjcmlwdD4=\">",
    "<form action=\"javascript:alert(25)\"><input type=submit></form>",
    "<base href=\"javascript:alert(26)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(27)\">",
    "<style>@import 'javascript:alert(28)';</style>",
    "<div style=\"background-image: url(javascript:alert(29))\">x</div>",
    "<a href=\"javascript:alert(30)\">click</a>",
    "<a href=\"vbscript:msgbox(31)\">click</a>",
    "<a href=\"data:text/html,<script>alert(32)</script>\">click</a>",
    "<a href=\"  JaVaScRiPt:alert(33)\">click</a>",
    "<a href=\"java\tscript:alert(34)\">click</a>",
    "<details open ontoggle=alert(35)>",
    "<video><source onerror=\"alert(36)\">",
    "<input autofocus onfocus=alert(37)>",
    "<marquee onstart=alert(38)>",
    "<div onmouseover=\"alert(39)\">hover</div>",
    # attribute breakouts
    "\" onmouseover=\"alert(40)",
    "' onfocus='alert(41)' autofocus='",
    "\"><script>alert(42)</script>",
    "'><img src=x onerror=alert(43)>",
    "\" autofocus onfocus=alert(44) x=\"",
    # container breakouts
    "</title><script>alert(45)</script>",
    "</textarea><script>alert(46)</script>",
    "</style><script>alert(47)</script>",
    "]]><script>alert(48)</script><![CDATA[",
    "<!--<script>alert(49)</script>-->",
    "--><script>alert(50)</script>",
    "</script><script>alert(51)</script>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(52)>\">",
    # entity-encoded text must stay text
    "&lt;script&gt;alert(53)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(54)&#62;",
    "&amp;lt;b&amp;gt; double &amp;amp;",
    # template syntax must show literally
    "{{ 7*7 }} {{ config.site_name }}",
    "{% for x in range(3) %}{{ x }}{% endfor %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "${7*7} #{7*7} <%= 7*7 %>",
    # Markdown link, image, autolink and reference tricks
    "[click](javascript:alert(60))",
    "[click](JAVASCRIPT:alert(61))",
    "[click](javas&#99;ript:alert(62))",
    "[click](<javascript:alert(63)>)",
    "![x](javascript:alert(64))",
    "![x\" onerror=\"alert(65)](x.png)",
    "[x](https://example.com\" onclick=\"alert(66))",
    "<javascript:alert(67)>",
    "[ref][r] with [r]: javascript:alert(68)",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCg2OSk8L3NjcmlwdD4=)",
    # other shapes
    "\u202eRTL override \u202dtext <b>bold</b>",
    "zero\u200bwidth \ufeffBOM",
    "Outage <script>alert(11)</script><img src=x onerror=alert(12)>",
]

# Raw HTML blocks and reference definitions: several lines, so only for Markdown bodies.
BODY_PAYLOADS = [
    "<div>\n<script>alert(80)</script>\n</div>",
    "<details>\n<summary onclick=alert(81)>x</summary>\n</details>",
    "[r]: javascript:alert(82)\n\n[click][r]",
    "<svg>\n<foreignObject><iframe src=javascript:alert(83)></iframe></foreignObject>\n</svg>",
    "<table><tr><td background=\"javascript:alert(84)\">x</td></tr></table>",
]

# site_name appears on every page (header, <title>, aria-labels, footer): one with every breakout.
SITE_NAME = ("Status </title><script>alert(90)</script>\"><img src=x onerror=alert(91)>"
             "&lt;script&gt;alert(92)&lt;/script&gt; {{ 7*7 }}")
