// Loads a polkit rules file the way polkitd does (a script that calls polkit.addRule) and
// answers authorization questions with it, so a test can ask the rule instead of reading it.
//
// Usage: node evaluate-polkit-rule.js RULES_FILE QUESTIONS_JSON
// QUESTIONS_JSON is an array of questions, each like {"action": "org.freedesktop.systemd1.manage-units", "user": "cocktaildb",
//                 "details": {"unit": "...", "verb": "start"}}
// Prints {"rules": how many rules the file added, "answers": [...]}, one answer per question:
// "yes", "no", "auth_admin", ... or null when no rule handled it (polkitd then falls back to
// the action's default policy).
"use strict";

const fs = require("fs");
const vm = require("vm");

const rulesFile = process.argv[2];
const rules = [];

// The subset of polkitd's JavaScript API a rules file can reach. The file runs in a fresh
// context holding only this object, so a rule that leans on Node's globals fails here as it
// would under polkitd.
const polkit = {
    Result: {
        NO: "no",
        YES: "yes",
        AUTH_SELF: "auth_self",
        AUTH_SELF_KEEP: "auth_self_keep",
        AUTH_ADMIN: "auth_admin",
        AUTH_ADMIN_KEEP: "auth_admin_keep",
        NOT_HANDLED: null,
    },
    addRule(rule) {
        if (typeof rule !== "function") {
            throw new TypeError("polkit.addRule expects a function");
        }
        rules.push(rule);
    },
    addAdminRule() {},
    log() {},
    spawn() {
        throw new Error("the rule tried to spawn a program");
    },
};

vm.runInNewContext(fs.readFileSync(rulesFile, "utf8"), { polkit }, { filename: rulesFile });

const questions = JSON.parse(process.argv[3]);
const answers = questions.map((question) => {
    const details = question.details || {};
    const action = {
        id: question.action,
        lookup: (key) => (Object.prototype.hasOwnProperty.call(details, key) ? details[key] : undefined),
    };
    const subject = {
        user: question.user,
        groups: [question.user],
        pid: 4242,
        local: false,
        active: false,
        session: "",
        seat: "",
        isInGroup: (group) => group === question.user,
        isInNetGroup: () => false,
    };
    // polkitd asks the rules in order and takes the first answer that is not "not handled".
    for (const rule of rules) {
        const answer = rule(action, subject);
        if (answer !== null && answer !== undefined) {
            return answer;
        }
    }
    return null;
});

process.stdout.write(JSON.stringify({ rules: rules.length, answers }));
