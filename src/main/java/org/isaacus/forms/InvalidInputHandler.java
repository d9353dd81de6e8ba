package org.isaacus.forms;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
class InvalidInputHandler {

    private final MessageSource messages;

    InvalidInputHandler(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e) {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                messages.getMessage("problem.invalid-input", null, LocaleContextHolder.getLocale()));
        problem.setTitle("Invalid input");
        problem.setProperty("fieldErrors", e.fieldErrors());
        return problem;
    }
}
